import { Rng } from '../../src/rng/Rng.js';
import { encodeVehicles } from '../format/encodeVehicles.js';
import type { Frame, Recording, SceneJunction, SceneLane, SceneSignal, TrafficScene } from '../format/types.js';

/** Options of `syntheticTraffic`. */
export interface SyntheticTrafficOptions {
  readonly rows?: number;
  readonly cols?: number;
  /** Vehicles on the network in every frame. */
  readonly vehicles?: number;
  /** Number of frames (1 s apart). */
  readonly frames?: number;
  /** Lanes per direction. */
  readonly lanes?: number;
  readonly seed?: number;
}

const SPACING = 200;
const LANE_W = 3.2;

/** Lanes of a `rows x cols` grid: both directions between neighbours, plus entry/exit roads at the border. */
function gridScene(rows: number, cols: number, lanesPerDir: number): TrafficScene {
  const lanes: SceneLane[] = [];
  const signals: SceneSignal[] = [];
  const junctions: SceneJunction[] = [];
  const jx = (c: number): number => c * SPACING;
  const jy = (r: number): number => -r * SPACING;
  const half = lanesPerDir * LANE_W + 2;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) junctions.push({ id: `J${r}_${c}`, x: jx(c), y: jy(r), size: 2 * half });
  const addRoad = (id: string, x0: number, y0: number, x1: number, y1: number, toJunction: string | null): void => {
    const len = Math.hypot(x1 - x0, y1 - y0);
    const dx = (x1 - x0) / len;
    const dy = (y1 - y0) / len;
    const sx = x0 + dx * half;
    const sy = y0 + dy * half;
    const ex = x1 - dx * (toJunction ? half : 0);
    const ey = y1 - dy * (toJunction ? half : 0);
    for (let i = 0; i < lanesPerDir; i++) {
      const off = LANE_W * (i + 0.5);
      const nx = dy * off;
      const ny = -dx * off;
      lanes.push({
        id: `${id}_${i}`,
        road: id,
        index: i,
        count: lanesPerDir,
        width: LANE_W,
        points: [sx + nx, sy + ny, ex + nx, ey + ny],
        stop: toJunction !== null,
      });
      if (toJunction) signals.push({ id: `${toJunction}:${id}_${i}`, junction: toJunction, lane: lanes.length - 1, x: ex + nx, y: ey + ny });
    }
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const here = `J${r}_${c}`;
      if (c + 1 < cols) {
        addRoad(`E${r}_${c}`, jx(c), jy(r), jx(c + 1), jy(r), `J${r}_${c + 1}`);
        addRoad(`W${r}_${c + 1}`, jx(c + 1), jy(r), jx(c), jy(r), here);
      }
      if (r + 1 < rows) {
        addRoad(`S${r}_${c}`, jx(c), jy(r), jx(c), jy(r + 1), `J${r + 1}_${c}`);
        addRoad(`N${r + 1}_${c}`, jx(c), jy(r + 1), jx(c), jy(r), here);
      }
      if (c === 0) addRoad(`inW${r}`, jx(-1), jy(r), jx(0), jy(r), here);
      if (c === cols - 1) addRoad(`inE${r}`, jx(cols), jy(r), jx(c), jy(r), here);
      if (r === 0) addRoad(`inN${c}`, jx(c), jy(-1), jx(c), jy(0), here);
      if (r === rows - 1) addRoad(`inS${c}`, jx(c), jy(rows), jx(c), jy(r), here);
    }
  }
  return {
    kind: 'traffic',
    bounds: { minX: jx(-1), minY: jy(rows), maxX: jx(cols), maxY: jy(-1) },
    lanes,
    junctions,
    signals,
    vehicleLength: 4.5,
    vehicleWidth: 1.8,
  };
}

/**
 * A deterministic synthetic traffic recording on a grid (for tests, benchmarks and demos): vehicles
 * drive along lanes at varying speeds, some stopped; signals alternate north-south / east-west every
 * 30 s with 3 s of amber. Not a traffic model: use `RecordEpisode` on a traffic env for real episodes.
 *
 * @example
 * ```ts
 * const rec = syntheticTraffic({ rows: 4, cols: 4, vehicles: 1000, frames: 3600 });
 * ```
 */
export function syntheticTraffic(opts: SyntheticTrafficOptions = {}): Recording {
  const rows = opts.rows ?? 2;
  const cols = opts.cols ?? 2;
  const nVeh = opts.vehicles ?? 50;
  const nFrames = opts.frames ?? 60;
  const seed = opts.seed ?? 0;
  const scene = gridScene(rows, cols, opts.lanes ?? 1);
  const rng = new Rng(seed);
  const lane = new Int32Array(nVeh);
  const s0 = new Float64Array(nVeh);
  const vmax = new Float64Array(nVeh);
  const life = new Float64Array(nVeh);
  for (let k = 0; k < nVeh; k++) {
    lane[k] = rng.integers(0, scene.lanes.length);
    s0[k] = rng.uniform(0, 150);
    vmax[k] = rng.uniform(6, 14);
    life[k] = rng.uniform(60, 600);
  }
  const id = new Float64Array(nVeh);
  const x = new Float64Array(nVeh);
  const y = new Float64Array(nVeh);
  const heading = new Float64Array(nVeh);
  const speed = new Float64Array(nVeh);
  const wait = new Float64Array(nVeh);
  const frames: Frame[] = [];
  let exited = 0;
  let totalReward = 0;
  for (let t = 0; t < nFrames; t++) {
    let queue = 0;
    let waitSum = 0;
    for (let k = 0; k < nVeh; k++) {
      const gen = Math.floor((t + k) / (life[k] ?? 1));
      if (t > 0 && gen !== Math.floor((t - 1 + k) / (life[k] ?? 1))) exited++;
      id[k] = k + nVeh * gen;
      const p = scene.lanes[lane[k] ?? 0]?.points ?? [0, 0, 1, 0];
      const [ax = 0, ay = 0, bx = 0, by = 0] = p;
      const len = Math.hypot(bx - ax, by - ay);
      const phase = Math.sin((t + 13 * k) / 9);
      const v = phase < -0.6 ? 0 : (vmax[k] ?? 0) * (0.5 + 0.5 * phase);
      const s = ((s0[k] ?? 0) + (vmax[k] ?? 0) * 0.5 * t) % len;
      x[k] = ax + ((bx - ax) * s) / len;
      y[k] = ay + ((by - ay) * s) / len;
      heading[k] = Math.atan2(by - ay, bx - ax);
      speed[k] = v;
      wait[k] = v === 0 ? (wait[k] ?? 0) + 1 : 0;
      if (v === 0) queue++;
      waitSum += wait[k] ?? 0;
    }
    const cycle = t % 66;
    const ns = cycle < 30 ? 'g' : cycle < 33 ? 'y' : 'r';
    const ew = cycle < 33 ? 'r' : cycle < 63 ? 'g' : 'y';
    let signals = '';
    for (const sg of scene.signals) {
      const road = scene.lanes[sg.lane]?.road ?? '';
      signals += /^(N|S|inN|inS)/.test(road) ? ns : ew;
    }
    const reward = t === 0 ? 0 : -queue;
    totalReward += reward;
    frames.push({
      t,
      step: t,
      reward,
      metrics: { queueLength: queue, meanWaitingTime: waitSum / nVeh, throughput: exited, vehicles: nVeh },
      vehicles: encodeVehicles({ n: nVeh, id, x, y, heading, speed, wait }),
      signals,
    });
  }
  const last = frames[frames.length - 1];
  return {
    format: 'tsgym-episode',
    version: 1,
    env: `synthetic-grid-${rows}x${cols}`,
    kwargs: { rows, cols, vehicles: nVeh },
    seed,
    policy: 'fixed-time',
    every: 1,
    scene,
    frames,
    summary: { steps: nFrames - 1, frames: nFrames, totalReward, duration: nFrames - 1, terminated: false, truncated: true, metrics: last?.metrics ?? {} },
  };
}
