import type { NetworkSpec } from '../network/NetworkSpec.js';

type Program = NonNullable<NetworkSpec['signals'][number]['program']>;

/** One SUMO `tlLogic` as the signals that run a copy of it: the signals, the program, every copy's connections per link index. */
export interface ProgramGroup {
  readonly members: number[];
  readonly program: Program;
  readonly links: number[][];
}

/**
 * The programs picked by `keep`, grouped by SUMO `tlLogic` (`tl`): a program controlling several
 * junctions is imported as one copy per junction, and decides once for all of them, as SUMO's one logic.
 *
 * @example
 * ```ts
 * for (const g of programGroups(spec, (p) => p.actuated !== undefined)) g.links; // link index -> connections
 * ```
 */
export function programGroups(spec: NetworkSpec, keep: (p: Program) => boolean): ProgramGroup[] {
  const sigs = spec.signals;
  const byTl = new Map<string, number[]>();
  sigs.forEach((sig, s) => {
    if (!sig.program || !keep(sig.program)) return;
    const key = sig.program.tl ?? `#${s}`;
    byTl.set(key, [...(byTl.get(key) ?? []), s]);
  });
  const out: ProgramGroup[] = [];
  for (const members of byTl.values()) {
    const program = sigs[members[0] ?? 0]?.program;
    if (!program) continue;
    const links: number[][] = program.links.map(() => []);
    for (const s of members) sigs[s]?.program?.links.forEach((cs, i) => links[i]?.push(...cs));
    out.push({ members, program, links });
  }
  return out;
}
