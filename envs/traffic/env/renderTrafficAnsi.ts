import type { TrafficSimulation } from './TrafficSimulation.js';
import { STAGE_ALL_RED, STAGE_YELLOW } from '../engine/SignalController.js';

const ARROWS = ['→', '↗', '↑', '↖', '←', '↙', '↓', '↘'];

/** Arrow for the direction a road arrives from (pointing in its driving direction). */
function arrow(e: TrafficSimulation, road: number): string {
  const n = e.net;
  const a = n.roadFrom[road];
  const b = n.roadTo[road];
  const ang = Math.atan2((n.nodeY[b]) - (n.nodeY[a]), (n.nodeX[b]) - (n.nodeX[a]));
  return ARROWS[((Math.round(ang / (Math.PI / 4)) % 8) + 8) % 8] ?? '?';
}

/**
 * A text picture of the signals: for each signalized node its phase and stage, then for each incoming
 * road its arrival direction, queue (halting vehicles, as a bar), vehicles and insertion backlog; then
 * the network totals.
 *
 * @example
 * ```ts
 * console.log(renderTrafficAnsi(engine));
 * // t=125s
 * // J0_0  phase 2/4 GREEN 12s
 * //   ↓ N0-J0_0      queue ####      4  veh 9
 * ```
 */
export function renderTrafficAnsi(e: TrafficSimulation, maxSignals = 16): string {
  const n = e.net;
  const sig = e.signals;
  e.laneStats();
  const c = e.counters;
  const lines: string[] = [`t=${e.time.toFixed(0)}s`];
  for (let s = 0; s < Math.min(sig.nSignals, maxSignals); s++) {
    const node = sig.sigNode[s];
    const st = sig.stage[s];
    const stage = st === STAGE_YELLOW ? 'YELLOW' : st === STAGE_ALL_RED ? 'ALL-RED' : 'GREEN';
    const t = st === STAGE_YELLOW || st === STAGE_ALL_RED ? (sig.timer[s]) : (sig.greenTime[s]);
    lines.push(`${n.nodeIds[node]}  phase ${(sig.phase[s]) + 1}/${sig.phaseCount(s)} ${stage} ${t.toFixed(0)}s`);
    for (let k = n.nodeInStart[node]; k < (n.nodeInStart[node + 1]); k++) {
      const r = n.nodeInRoads[k];
      let q = 0;
      let v = 0;
      for (let l = n.roadLaneStart[r]; l < (n.roadLaneStart[r]) + (n.roadLaneCount[r]); l++) {
        q += c.laneHalting[l];
        v += c.laneVehicles[l];
      }
      const backlog = e.pendingOn(r);
      const bar = '#'.repeat(Math.min(q, 30)).padEnd(30, ' ');
      const waiting = backlog > 0 ? `  waiting to enter ${backlog}` : '';
      lines.push(`  ${arrow(e, r)} ${(n.roadIds[r] ?? '').padEnd(14)} queue ${bar} ${String(q).padStart(3)}  veh ${v}${waiting}`);
    }
  }
  if (sig.nSignals > maxSignals) lines.push(`... ${sig.nSignals - maxSignals} more signals`);
  const m = e.metrics();
  lines.push(
    `running ${m.running}  queue ${m.queue}  arrived ${m.arrived}  mean delay ${(m.meanDelay ?? 0).toFixed(1)}s  mean waiting ` +
      `${(m.meanWaitingTime ?? 0).toFixed(1)}s`,
  );
  return lines.join('\n');
}
