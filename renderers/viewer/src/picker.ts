import { byId, hooks } from './hooks.js';
import type { RecordingEntry } from './loadEpisode.js';

/** The list of recordings of the served folder, with links and a compare button for two ticked ones. */
export function showPicker(list: RecordingEntry[]): void {
  hooks.mode = 'picker';
  const box = byId('picker');
  box.hidden = false;
  const h = document.createElement('h3');
  h.textContent = list.length ? 'Recordings' : 'No recordings in this folder';
  box.appendChild(h);
  const ul = document.createElement('ul');
  for (const r of list) {
    const li = document.createElement('li');
    const cb = document.createElement('input');
    cb.type = 'checkbox';
    cb.value = String(r.id);
    const a = document.createElement('a');
    a.href = `?rec=${r.id}`;
    a.textContent = `${r.name} (${(r.bytes / 1024).toFixed(0)} KiB)`;
    li.append(cb, ' ', a);
    ul.appendChild(li);
  }
  box.appendChild(ul);
  const btn = document.createElement('button');
  btn.textContent = 'Compare the two ticked';
  btn.addEventListener('click', () => {
    const ticked = [...ul.querySelectorAll('input:checked')].map((c) => (c as HTMLInputElement).value);
    if (ticked.length === 2) location.search = `?compare=${ticked.join(',')}`;
  });
  box.appendChild(btn);
}

