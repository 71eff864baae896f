import { nodeModule } from './nodeModule.js';

const live = new Set<number>();
let hooked = false;

function killAll(): void {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // someone else handles the signal (e.g. training's graceful stop): leave it to them; the process's
  // exit kills SUMO later
  if (process.listenerCount(signal) > 1) return;
  // behave as if we were not listening: the process dies of the signal, SUMO first
  killAll();
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAll);
  if (nodeModule<typeof import('node:worker_threads')>('node:worker_threads').isMainThread) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
  }
}

/**
 * Remembers a running SUMO (by process id) so that it is killed when this process exits, or dies of
 * SIGINT/SIGTERM/SIGHUP (when nothing else handles them), whatever the env's owner forgot to close. (SUMO started through `setpriv
 * --pdeathsig` also dies with the thread that started it, and SUMO quits by itself when its TraCI
 * socket closes; this covers the remaining case of a process that exits normally.)
 *
 * @example
 * ```ts
 * trackSumo(pid); ... untrackSumo(pid);
 * ```
 */
export function trackSumo(pid: number): void {
  hook();
  live.add(pid);
}

/**
 * Forgets a SUMO that exited or was killed.
 *
 * @example
 * ```ts
 * untrackSumo(pid);
 * ```
 */
export function untrackSumo(pid: number): void {
  live.delete(pid);
}

/**
 * Process ids of the SUMO processes this thread started and has not seen end.
 *
 * @example
 * ```ts
 * liveSumoPids().length; // 0 once every env is closed
 * ```
 */
export function liveSumoPids(): number[] {
  return [...live];
}
