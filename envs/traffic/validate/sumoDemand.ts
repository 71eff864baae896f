import type { NetworkSpec } from '../network/NetworkSpec.js';
import { ShortestRoute } from '../import/shortestRoute.js';

/**
 * Car-following parameters shared by SUMO and tsgym in the side-by-side runs (SUMO's passenger car, no speed spread).
 *
 * @example
 * ```ts
 * VALIDATION_VTYPE.sigma; // 0.5
 * ```
 */
export const VALIDATION_VTYPE = {
  id: 'car',
  accel: 2.6,
  decel: 4.5,
  emergencyDecel: 9,
  sigma: 0.5,
  tau: 1,
  length: 5,
  minGap: 2.5,
  maxSpeed: 55.56,
  speedFactor: 1,
  speedDev: 0,
} as const;

function dot(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] * b[0] + a[1] * b[1];
}

/** A route with its share of an entry's flow. */
interface RouteShare {
  readonly edges: string[];
  readonly share: number;
}

function heading(spec: NetworkSpec, roadId: string): [number, number] {
  const r = spec.roads.find((x) => x.id === roadId);
  const a = spec.nodes.find((n) => n.id === r?.from);
  const b = spec.nodes.find((n) => n.id === r?.to);
  const dx = (b?.x ?? 0) - (a?.x ?? 0);
  const dy = (b?.y ?? 0) - (a?.y ?? 0);
  const n = Math.hypot(dx, dy) || 1;
  return [dx / n, dy / n];
}

/**
 * Routes of the validation demand: from every entry road (starting at a boundary node), 70 % to the
 * exit straight ahead and 15 % each to the nearest exit on the left and on the right (shortest paths),
 * so both simulators drive exactly the same routes.
 *
 * @example
 * ```ts
 * const routes = validationRoutes(importedSpec);
 * ```
 */
export function validationRoutes(spec: NetworkSpec): RouteShare[][] {
  const boundary = new Set(spec.nodes.filter((n) => n.type === 'boundary').map((n) => n.id));
  const ix = new Map(spec.roads.map((r, i) => [r.id, i] as const));
  const next: number[][] = spec.roads.map(() => []);
  for (const c of spec.connections) {
    const a = ix.get(c.from) ?? 0;
    const b = ix.get(c.to) ?? 0;
    if (!next[a].includes(b)) next[a].push(b);
  }
  const cost = spec.roads.map((r) => (r.lanes[0]?.length ?? 100) / r.speed);
  const router = new ShortestRoute(spec.roads.map((r) => r.id), cost, next);
  const entries = spec.roads.filter((r) => boundary.has(r.from));
  const exits = spec.roads.filter((r) => boundary.has(r.to));
  return entries.map((en) => {
    const [hx, hy] = heading(spec, en.id);
    const pick = (want: 's' | 'l' | 'r'): string[] | undefined => {
      let best: number[] | undefined;
      for (const ex of exits) {
        const [ex0, ey0] = heading(spec, ex.id);
        const cross = hx * ey0 - hy * ex0;
        const ok = want === 's' ? dot([hx, hy], [ex0, ey0]) > 0.9 : want === 'l' ? cross > 0.9 : cross < -0.9;
        if (!ok) continue;
        const r = router.route(ix.get(en.id) ?? 0, ix.get(ex.id) ?? 0);
        if (!r) continue;
        // straight through: every road of the route keeps the entry's heading
        if (want === 's' && !r.every((k) => dot(heading(spec, spec.roads[k]?.id ?? ''), [hx, hy]) > 1 - 1e-6)) continue;
        if (!best || r.length < best.length) best = r;
      }
      return best?.map((k) => spec.roads[k]?.id ?? '');
    };
    const out: RouteShare[] = [];
    for (const [want, share] of [['s', 0.7], ['l', 0.15], ['r', 0.15]] as const) {
      const edges = pick(want);
      if (edges) out.push({ edges, share });
    }
    const total = out.reduce((a, r) => a + r.share, 0);
    return out.map((r) => ({ edges: r.edges, share: r.share / total }));
  });
}

/**
 * A SUMO route file for the validation runs: the shared vType and one evenly spaced flow per route
 * (`vehsPerHour` = entry demand x share), inserted on the best lane at the highest safe speed.
 *
 * @example
 * ```ts
 * writeFileSync('demand.rou.xml', validationRouteFile(validationRoutes(spec), 400, 3600));
 * ```
 */
export function validationRouteFile(routes: RouteShare[][], perEntry: number, end: number): string {
  const v = VALIDATION_VTYPE;
  const lines = [
    '<routes>',
    `    <vType id="${v.id}" accel="${v.accel}" decel="${v.decel}" emergencyDecel="${v.emergencyDecel}" sigma="${v.sigma}" tau="${v.tau}" ` +
      `length="${v.length}" minGap="${v.minGap}" maxSpeed="${v.maxSpeed}" speedFactor="${v.speedFactor}" speedDev="${v.speedDev}" carFollowModel="Krauss"/>`,
  ];
  let k = 0;
  for (const entry of routes) {
    for (const r of entry) {
      const rate = perEntry * r.share;
      if (rate <= 0) continue;
      lines.push(
        `    <flow id="f${k++}" type="car" begin="0" end="${end}" vehsPerHour="${rate.toFixed(3)}" departLane="best" departSpeed="max">` +
          `<route edges="${r.edges.join(' ')}"/></flow>`,
      );
    }
  }
  lines.push('</routes>', '');
  return lines.join('\n');
}
