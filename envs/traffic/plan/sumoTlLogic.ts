import { InvalidConfig } from '../../../src/core/errors.js';
import type { SignalSpec } from '../network/NetworkSpec.js';

/** A fixed-time plan of one signal: green (s) per phase of its program (0: the phase is skipped). */
export interface SignalPlan {
  /** The signalized node (a SUMO junction id, which SUMO uses as the traffic light id by default). */
  readonly node: string;
  readonly cycle: number;
  readonly greens: readonly number[];
  readonly offset: number;
}

const xmlAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
/** Whole seconds: SUMO steps (1 s by default) and controller settings use them. */
const sec = (x: number): string => String(Math.round(x));

/**
 * The SUMO `tlLogic` of one signal running `plan`: the imported program's phases in order, each green
 * lasting the plan's green for its phase (whole seconds), yellow and all-red as imported, phases without green dropped
 * with their yellow and all-red. Needs a signal imported from SUMO (its program holds the state string
 * per SUMO link index); any other signal is refused with one line.
 *
 * @example
 * ```ts
 * tlLogicXml(spec.signals[0], { node: 'C', cycle: 60, greens: [27, 27], offset: 0 }, 'tsgym');
 * ```
 */
export function tlLogicXml(signal: SignalSpec, plan: SignalPlan, programId: string): string {
  const prog = signal.program;
  if (prog === undefined)
    throw new InvalidConfig(
      `Signal '${signal.node}' has no SUMO program (state strings per SUMO link): --export sumo needs a network imported from SUMO, ` +
        "e.g. --env TrafficNetworkParallel-v0 --set network=my.sumocfg",
    );
  const lines: string[] = [];
  for (const step of prog.steps) {
    const g = Math.round(plan.greens[step.green] ?? 0);
    if (g <= 0) continue;
    const duration = step.kind === 'green' && step.duration > 0 ? g : step.duration;
    if (duration <= 0) continue;
    lines.push(`        <phase duration="${sec(duration)}" state="${step.state}"/>`);
  }
  if (lines.length === 0) throw new InvalidConfig(`The plan of signal '${signal.node}' gives no phase any green`);
  const cycle = lines.reduce((a, l) => a + Number(/duration="([^"]+)"/.exec(l)?.[1] ?? 0), 0);
  return (
    `    <tlLogic id="${xmlAttr(plan.node)}" type="static" programID="${xmlAttr(programId)}" offset="${sec(plan.offset)}">\n` +
    `        <!-- cycle ${sec(cycle)} s; greens per phase ${plan.greens.map(sec).join(', ')} s -->\n${lines.join('\n')}\n    </tlLogic>`
  );
}

/**
 * A SUMO additional file holding the `tlLogic` of every planned signal (load it with `sumo -a FILE`: the
 * program loaded last is the one SUMO runs).
 *
 * @example
 * ```ts
 * writeFileSync('plan.add.xml', sumoAdditional(spec.signals, plans, 'tsgym-webster', 'Webster fixed-time'));
 * ```
 */
export function sumoAdditional(signals: readonly SignalSpec[], plans: readonly SignalPlan[], programId: string, what: string): string {
  const body = plans.map((p) => {
    const s = signals.find((x) => x.node === p.node);
    if (s === undefined) throw new InvalidConfig(`No signal at node '${p.node}' in the network`);
    return tlLogicXml(s, p, programId);
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${xmlAttr(what).replace(/--/g, '-')}, written by tsgym plan -->\n<additional>\n${body.join('\n')}\n</additional>\n`;
}
