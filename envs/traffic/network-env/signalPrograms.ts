import { SnapshotUnsupported } from '../../../src/core/errors.js';
import type { NetworkSpec } from '../network/NetworkSpec.js';
import { STAGE_ALL_RED, STAGE_GREEN, STAGE_YELLOW, type SignalController } from '../engine/SignalController.js';

/**
 * Writes the imported timing (green duration, and yellow and all-red unless the env kwargs set them)
 * back into a signal controller built by an env that overwrote it with its own defaults.
 *
 * @example
 * ```ts
 * restoreTiming(env.engine.signals, spec, { yellow: !('yellowTime' in kwargs), allRed: true });
 * ```
 */
export function restoreTiming(sig: SignalController, spec: NetworkSpec, keep: { yellow: boolean; allRed: boolean }): void {
  spec.signals.forEach((s, si) => {
    const base = sig.phaseStart[si];
    s.phases.forEach((ph, k) => {
      sig.phDuration[base + k] = ph.duration;
      if (keep.yellow) sig.phYellow[base + k] = ph.yellow;
      if (keep.allRed) sig.phAllRed[base + k] = ph.allRed;
    });
  });
}

/**
 * Makes signal `s` run its fixed-time program while the engine is in external mode: each green lasts
 * exactly its duration (min green = max green = duration), then yellow, all-red and the next phase in
 * order, as the fixed plan does.
 *
 * @example
 * ```ts
 * pinProgram(engine.signals, 0);
 * ```
 */
export function pinProgram(sig: SignalController, s: number): void {
  for (let p = sig.phaseStart[s]; p < (sig.phaseStart[s + 1]); p++) {
    sig.phMinGreen[p] = sig.phDuration[p];
    sig.phMaxGreen[p] = sig.phDuration[p];
  }
}

/**
 * Puts signal `s` where its fixed-time program is at time `at` (default 0) given its offset (phase 0
 * starts at t = offset, as SUMO), so pinned programs keep their offsets in external mode. Call after
 * the engine's reset, then `sig.writeStates(engine.connState)`.
 *
 * @example
 * ```ts
 * startProgram(engine.signals, 0); engine.signals.writeStates(engine.connState);
 * ```
 */
export function startProgram(sig: SignalController, s: number, at = 0): void {
  const cyc = sig.cycle(s);
  if (cyc <= 0) return;
  let u = (((at - (sig.offset[s])) % cyc) + cyc) % cyc;
  const base = sig.phaseStart[s];
  const n = sig.phaseCount(s);
  const st = sig.getState();
  for (let k = 0; k < n; k++) {
    const d = sig.phDuration[base + k];
    const y = sig.phYellow[base + k];
    const a = sig.phAllRed[base + k];
    if (u < d + y + a || k === n - 1) {
      st.phase[s] = k;
      st.next[s] = (k + 1) % n;
      st.stage[s] = u < d ? STAGE_GREEN : u < d + y ? STAGE_YELLOW : STAGE_ALL_RED;
      st.timer[s] = u < d ? u : u < d + y ? u - d : u - d - y;
      st.greenTime[s] = u < d ? u : d;
      st.request[s] = -1;
      break;
    }
    u -= d + y + a;
  }
  sig.setState(st);
}

/**
 * Whether a network env's snapshot was taken while it ran its imported programs; refuses (SnapshotUnsupported)
 * a snapshot taken without them for an env that runs them (the pinned timings cannot be undone).
 *
 * @example
 * ```ts
 * if (snapshotRunsPrograms(snapshot, this.programs, this.constructor.name)) this.runPrograms();
 * ```
 */
export function snapshotRunsPrograms(snapshot: unknown, envRunsPrograms: boolean, envName: string): boolean {
  const programs = (snapshot as { programs?: unknown } | null)?.programs === true;
  if (envRunsPrograms && !programs)
    throw new SnapshotUnsupported(
      `${envName}.restore(): this env runs its imported programs (runPrograms()), the snapshot was taken without; restore into a fresh env`,
    );
  return programs;
}
