// Entry point: starts downloading the requested recording at once, before the app (Pixi, zod) is
// parsed and evaluated, so the network work overlaps the script work.
const q = new URLSearchParams(location.search);
const rec = q.get('rec');
const cmp = q.get('compare');
const ids = rec !== null ? [rec] : cmp !== null ? cmp.split(',') : [];
const prefetch: Record<string, Promise<Response>> = {};
for (const id of ids) if (/^\d{1,6}$/.test(id)) prefetch[id] = fetch(`api/recordings/${id}`);
(window as unknown as { tsgymPrefetch: Record<string, Promise<Response>> }).tsgymPrefetch = prefetch;
void import('./main.js');
