import { SimulatorError } from '../../../../src/core/errors.js';
import { ChannelTimeout, SumoChannel, type WorkerAnswer } from './SumoChannel.js';
import { trackSumo, untrackSumo } from './liveSumoProcesses.js';
import { nodeModule } from './nodeModule.js';
import { findSumo } from './findSumo.js';

/** How to start SUMO. */
export interface SumoStartOptions {
  /**
   * SUMO's arguments without the binary, the TraCI port and `--num-clients` (added here). `@DIR@` stands
   * for the work folder, `@OUT@` for the output-stream address.
   */
  readonly args: readonly string[];
  /** The scenario, for error messages (e.g. the .sumocfg path). */
  readonly scenario: string;
  /** The sumo binary (default: `$SUMO_BINARY`, else `sumo` on the PATH). */
  readonly binary?: string;
  readonly cwd?: string;
  /** Milliseconds to wait for SUMO to load and accept the connection (default 60,000). */
  readonly startTimeoutMs?: number;
  /** Milliseconds to wait for any answer (default 60,000): beyond it SUMO is taken as hung and killed. */
  readonly answerTimeoutMs?: number;
  /** Receive SUMO's tripinfo/summary output streams (the args name `@OUT@` as their file). */
  readonly streams?: boolean;
}

/** An answer message and the output-stream lines SUMO wrote before it. */
export interface SumoAnswer {
  readonly bytes: Uint8Array;
  readonly text: string;
}

/**
 * One SUMO child process with its TraCI connection, driven synchronously: `start` launches SUMO on a
 * free loopback port (`--remote-port`, `--num-clients 1`), in its own process group and bound to the
 * life of the thread that owns it (`setpriv --pdeathsig`), and waits for it; `roundTrip` sends one
 * message and returns SUMO's answer; `end` waits for SUMO to quit after a close command; `kill` stops
 * it at once. Every failure (missing program, load error, crash, kill, hang) is a `SimulatorError`
 * naming the scenario, with the end of SUMO's own output; a hang (no answer within
 * `answerTimeoutMs`) kills SUMO first.
 *
 * @example
 * ```ts
 * const p = SumoProcess.start({ args: ['-c', 'cross.sumocfg'], scenario: 'cross.sumocfg' });
 * const answer = p.roundTrip(bytes);
 * p.kill();
 * ```
 */
export class SumoProcess {
  readonly pid: number;
  /** Where SUMO sends its output streams (`host:port`; '' without `streams`). */
  readonly outAddress: string;
  private readonly logFile: string;
  private alive = true;

  private constructor(
    private readonly channel: SumoChannel,
    private readonly opts: SumoStartOptions,
    first: WorkerAnswer,
  ) {
    this.pid = first.pid ?? -1;
    this.logFile = first.log ?? '';
    this.outAddress = first.out ?? '';
    trackSumo(this.pid);
  }

  /** Starts SUMO and waits until it accepts the TraCI connection. */
  static start(opts: SumoStartOptions): SumoProcess {
    const bin = findSumo(opts.binary);
    const channel = new SumoChannel();
    const timeout = opts.startTimeoutMs ?? 60_000;
    let a: WorkerAnswer;
    try {
      a = channel.call(
        {
          op: 'start',
          bin,
          args: [...opts.args],
          cwd: opts.cwd ?? process.cwd(),
          env: { ...process.env, SUMO_HOME: process.env.SUMO_HOME ?? '/usr/share/sumo' },
          connectTimeoutMs: timeout,
          streams: opts.streams === true,
        },
        timeout + 5_000,
      );
    } catch (e) {
      channel.terminate();
      throw new SimulatorError(`SUMO (${opts.scenario}) did not start within ${timeout} ms: ${(e as Error).message}`, true);
    }
    if (!a.ok) {
      channel.terminate();
      const said = readLog(a.log ?? '');
      removeLogDir(a.log ?? '');
      // killed by a signal while loading: running it again may succeed; an exit status: the scenario is bad
      throw new SimulatorError(
        `SUMO could not run ${opts.scenario}: ${a.error ?? 'unknown failure'}${exitText(a.exit)}${said ? `; sumo said: ${said}` : ''}`,
        Boolean(a.exit?.signal),
      );
    }
    return new SumoProcess(channel, opts, a);
  }

  /** The temporary folder SUMO writes its log (and the outputs tsgym asks for) into. */
  get workDir(): string {
    return nodeModule<typeof import('node:path')>('node:path').dirname(this.logFile);
  }

  /** Whether SUMO is still running as far as this object knows (false after `end`, `kill` or a failure). */
  get running(): boolean {
    return this.alive;
  }

  /** The last lines SUMO wrote (its warnings and errors). */
  output(lines = 8): string {
    return readLog(this.logFile, lines);
  }

  /** Sends one TraCI message and returns SUMO's answer. */
  roundTrip(bytes: Uint8Array): SumoAnswer {
    if (!this.alive) throw new SimulatorError(`SUMO (${this.opts.scenario}) is not running (closed or failed before)`, true);
    const timeout = this.opts.answerTimeoutMs ?? 60_000;
    let a: WorkerAnswer;
    try {
      a = this.channel.call({ op: 'send', bytes }, timeout);
    } catch (e) {
      if (!(e instanceof ChannelTimeout)) throw e;
      const said = this.output();
      this.kill();
      throw new SimulatorError(
        `SUMO (${this.opts.scenario}) did not answer within ${timeout / 1000} s: taken as hung and killed${said ? `; sumo said: ${said}` : ''}`,
        true,
      );
    }
    if (a.error !== undefined || !a.bytes) {
      const said = this.output();
      // SUMO closed the connection but may not have exited yet (on a loaded machine it can take longer
      // than the worker waits for its exit status): kill it and wait until it is reaped, so that ending
      // the worker never leaves it behind
      this.kill();
      throw new SimulatorError(
        `SUMO (${this.opts.scenario}) stopped in mid-episode: ${a.error ?? 'no answer'}${exitText(a.exit)}${said ? `; sumo said: ${said}` : ''}`,
        true,
      );
    }
    return { bytes: a.bytes, text: a.text ?? '' };
  }

  /** Waits up to `timeoutMs` for SUMO to quit by itself (after a close command), then kills it. */
  end(timeoutMs = 5_000): void {
    if (!this.alive) return;
    try {
      this.channel.call({ op: 'end', timeoutMs }, timeoutMs + 5_000);
    } catch {
      this.signalKill();
    }
    this.dispose();
  }

  /** Kills SUMO now and waits until it is gone. */
  kill(): void {
    if (!this.alive) return;
    try {
      this.channel.call({ op: 'kill' }, 5_000);
    } catch {
      this.signalKill();
    }
    this.dispose();
  }

  private signalKill(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  private dispose(): void {
    this.alive = false;
    untrackSumo(this.pid);
    this.channel.terminate();
    removeLogDir(this.logFile);
  }
}

function exitText(exit: WorkerAnswer['exit']): string {
  if (!exit) return '';
  if (exit.spawnError) return ` (could not execute it: ${exit.spawnError})`;
  return exit.signal ? ` (sumo was killed by ${exit.signal})` : ` (sumo exited with code ${String(exit.code)})`;
}

/** The last `lines` non-empty lines of SUMO's log, joined by ' | ' ('' when unreadable). */
function readLog(logFile: string, lines = 8): string {
  if (!logFile) return '';
  try {
    const text = nodeModule<typeof import('node:fs')>('node:fs').readFileSync(logFile, 'utf8').trim();
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-lines)
      .join(' | ');
  } catch {
    return '';
  }
}

/** Removes the temporary folder of SUMO's log. */
function removeLogDir(logFile: string): void {
  if (!logFile) return;
  const path = nodeModule<typeof import('node:path')>('node:path');
  const dir = path.dirname(logFile);
  if (!path.basename(dir).startsWith('tsgym-sumo-')) return;
  try {
    nodeModule<typeof import('node:fs')>('node:fs').rmSync(dir, { recursive: true, force: true });
  } catch {
    // best effort
  }
}
