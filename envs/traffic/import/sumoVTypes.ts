import type { ImportLog } from './ImportLog.js';
import type { VehicleTypeInput as TypeIn } from './NetworkParts.js';
import { PLAUSIBLE, type Quantity } from './plausible.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';

/**
 * Options of the .sumocfg that change every vType's defaults: `default.speeddev` (a speed deviation for the
 * types that give none; negative: the class's) and `carfollow.model` (the model of the types that name none).
 */
export interface VTypeDefaults {
  readonly speedDev?: number;
  readonly carFollowModel?: string;
}

/** SUMO's per-class defaults (Vehicle Type Parameter Defaults; classes not listed use the passenger car's). */
interface ClassDefaults {
  length: number;
  minGap: number;
  accel: number;
  decel: number;
  emergencyDecel: number;
  maxSpeed: number;
  speedDev: number;
  /** SUMO 1.15's `desiredMaxSpeed` (m/s, before the speed factor; 10000 km/h: no bound). */
  desiredMaxSpeed: number;
}
const PASSENGER: ClassDefaults = {
  length: 5, minGap: 2.5, accel: 2.6, decel: 4.5, emergencyDecel: 9, maxSpeed: 200 / 3.6, speedDev: 0.1, desiredMaxSpeed: 10000 / 3.6,
};
const CLASS_DEFAULTS: Record<string, Partial<ClassDefaults>> = {
  taxi: { speedDev: 0.05 },
  delivery: { length: 6.5, speedDev: 0.05 },
  emergency: { length: 6.5, speedDev: 0 },
  truck: { length: 7.1, accel: 1.3, decel: 4, emergencyDecel: 7, maxSpeed: 130 / 3.6, speedDev: 0.05 },
  trailer: { length: 16.5, accel: 1.1, decel: 4, emergencyDecel: 7, maxSpeed: 130 / 3.6, speedDev: 0.05 },
  bus: { length: 12, accel: 1.2, decel: 4, emergencyDecel: 7, maxSpeed: 100 / 3.6, speedDev: 0 },
  coach: { length: 14, accel: 2, decel: 4, emergencyDecel: 7, maxSpeed: 100 / 3.6, speedDev: 0.05 },
  motorcycle: { length: 2.2, accel: 6, decel: 10, emergencyDecel: 10 },
  moped: { length: 2.1, accel: 1.1, decel: 7, emergencyDecel: 10, maxSpeed: 60 / 3.6 },
  bicycle: { length: 1.6, minGap: 0.5, accel: 1.2, decel: 3, emergencyDecel: 7, maxSpeed: 50 / 3.6, desiredMaxSpeed: 20 / 3.6 },
};

/**
 * SUMO's defaults for a vehicle class.
 *
 * @example
 * ```ts
 * classDefaults('bus').length; // 12
 * ```
 */
export function classDefaults(vClass: string): ClassDefaults {
  return { ...PASSENGER, ...(CLASS_DEFAULTS[vClass] ?? {}) };
}

const ATTRS = [
  'length',
  'minGap',
  'accel',
  'decel',
  'emergencyDecel',
  'maxSpeed',
  'desiredMaxSpeed',
  'tau',
  'sigma',
  'delta',
  'lcStrategic',
  'lcCooperative',
  'lcSpeedGain',
  'lcKeepRight',
] as const;
/** Attributes that are physical sizes, checked against their plausible range (as CityFlow's vehicles are). */
const SIZES: Partial<Record<string, Quantity>> = {
  length: PLAUSIBLE.vehicleLength, minGap: PLAUSIBLE.minGap, maxSpeed: PLAUSIBLE.speed, desiredMaxSpeed: PLAUSIBLE.speed,
};
const KNOWN = new Set([
  'id',
  'vClass',
  'color',
  'guiShape',
  'speedDev',
  'speedFactor',
  'carFollowModel',
  'probability',
  'laneChangeModel',
  'imgFile',
  'width',
  'height',
  'apparentDecel',
  'personCapacity',
  'containerCapacity',
  'emissionClass',
  'mass',
  ...ATTRS,
]);

/** A speed factor as SUMO writes it: a number, `normc(mean,dev,min,max)` or `norm(mean,dev)` (trailing parameters optional). */
function speedFactor(
  doc: XmlDocument,
  el: XmlElement,
  what: string,
): Pick<TypeIn, 'speedFactor' | 'speedDev' | 'speedFactorMin' | 'speedFactorMax'> | undefined {
  const raw = el.speedFactor;
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim();
  const m = /^(normc|norm)\(([^)]*)\)$/.exec(s);
  if (!m) {
    const x = Number(s);
    if (!Number.isFinite(x) || x <= 0) doc.fail(el, what, 'speedFactor', 'expected a positive number, normc(mean,dev,min,max) or norm(mean,dev)', raw);
    return { speedFactor: x };
  }
  // SUMO 1.15 fills missing trailing parameters: dev 0, no lower cut (min 0), no upper cut
  const args = (m[2] ?? '').split(',').map((a) => Number(a.trim()));
  const most = m[1] === 'normc' ? 4 : 2;
  if (args.length < 1 || args.length > most || args.some((a) => !Number.isFinite(a)))
    doc.fail(el, what, 'speedFactor', `expected ${m[1] === 'normc' ? 'normc(mean[,dev[,min[,max]]])' : 'norm(mean[,dev])'} with 1 to ${most} numbers`, raw);
  const [mean = 1, dev = 0, min = 0, max = Infinity] = args;
  if (mean <= 0 || dev < 0 || min > max) doc.fail(el, what, 'speedFactor', 'expected mean > 0, dev >= 0 and min <= max', raw);
  return { speedFactor: mean, speedDev: dev, speedFactorMin: Math.max(0, min), speedFactorMax: Number.isFinite(max) ? max : 1e6 };
}

/**
 * Reads a `<vType>` with SUMO's defaults for its vehicle class (length, gaps, acceleration, speeds, speed
 * deviation), its speed-factor distribution, car-following model (Krauss and IDM; others are driven by
 * Krauss with a warning) and LC2013 parameters.
 *
 * @example
 * ```ts
 * const t = readVType(doc, el, log); // { id: 'bus', vClass: 'bus', length: 12, ... }
 * ```
 */
export function readVType(doc: XmlDocument, el: XmlElement, log: ImportLog, defaults: VTypeDefaults = {}): TypeIn {
  const file = doc.file;
  const id = doc.str(el, 'vType', 'id');
  const what = `vType '${id}'`;
  const vClass = typeof el.vClass === 'string' ? el.vClass : 'passenger';
  const def = classDefaults(vClass);
  const t: Record<string, unknown> = {
    id,
    vClass,
    length: def.length,
    minGap: def.minGap,
    accel: def.accel,
    decel: def.decel,
    emergencyDecel: def.emergencyDecel,
    maxSpeed: def.maxSpeed,
    desiredMaxSpeed: def.desiredMaxSpeed,
    speedDev: defaults.speedDev !== undefined && defaults.speedDev >= 0 ? defaults.speedDev : def.speedDev,
    sigma: 0.5,
    speedFactorMin: 0.2,
    speedFactorMax: 2,
  };
  for (const attr of ATTRS) {
    const q = SIZES[attr];
    if (el[attr] !== undefined) {
      t[attr] = doc.num(el, what, attr, undefined, q ? { plausible: q } : attr === 'sigma' || attr.startsWith('lc') ? { min: 0 } : { positive: true });
    }
  }
  if (el.width !== undefined) doc.num(el, what, 'width', undefined, { plausible: PLAUSIBLE.vehicleWidth });
  if (typeof t.sigma === 'number' && t.sigma > 1) doc.fail(el, what, 'sigma', 'expected a number in [0, 1]', el.sigma);
  if (typeof t.lcCooperative === 'number' && t.lcCooperative > 1) doc.fail(el, what, 'lcCooperative', 'expected a number in [0, 1]', el.lcCooperative);
  Object.assign(t, speedFactor(doc, el, what) ?? {});
  if (el.speedDev !== undefined) t.speedDev = doc.num(el, what, 'speedDev', undefined, { min: 0 });
  if (el.emergencyDecel === undefined && typeof t.decel === 'number' && t.decel > (t.emergencyDecel as number)) t.emergencyDecel = t.decel;
  const model = typeof el.carFollowModel === 'string' ? el.carFollowModel : (defaults.carFollowModel ?? 'Krauss');
  t.carFollowModel = model === 'IDM' ? 'idm' : 'krauss';
  if (model !== 'Krauss' && model !== 'IDM') log.warn(file, `${what} carFollowModel '${model}'`, 'driven with SUMO\'s Krauss model', { line: doc.lineOf(el) });
  const lc = typeof el.laneChangeModel === 'string' ? el.laneChangeModel : 'LC2013';
  if (lc !== 'LC2013' && lc !== 'default') {
    log.warn(file, `${what} laneChangeModel '${lc}'`, 'changes lanes with tsgym\'s LC2013 model', { line: doc.lineOf(el) });
  }
  for (const k of Object.keys(el)) {
    if (KNOWN.has(k) || k.startsWith('#') || typeof el[k] !== 'string') continue;
    // SUMO's junction-model (jm...) and lane-change (lc...) parameters beyond the four tsgym drives by
    const kind = /^jm[A-Z]/.test(k) ? ' (junction model)' : /^lc[A-Z]/.test(k) ? ' (lane-change model)' : '';
    log.warn(file, `vType attribute '${k}'${kind}`, 'not modelled, ignored', { key: `vattr:${k}`, line: doc.lineOf(el) });
  }
  if (doc.children(el, 'param').length || Object.keys(el).some((k) => k.startsWith('carFollowing'))) {
    log.warn(file, `${what} child elements`, 'ignored', { line: doc.lineOf(el) });
  }
  return t as TypeIn;
}

/** SUMO's built-in types other than `DEFAULT_VEHTYPE` that road vehicles may name, with their vehicle class. */
export const BUILTIN_VTYPES: Readonly<Record<string, string>> = { DEFAULT_BIKETYPE: 'bicycle', DEFAULT_TAXITYPE: 'taxi' };

/**
 * SUMO's default vehicle type (`DEFAULT_VEHTYPE`, the passenger car with its speed deviation), or another
 * built-in type by id (`DEFAULT_BIKETYPE`, `DEFAULT_TAXITYPE`) with its class's defaults.
 *
 * @example
 * ```ts
 * defaultVType('DEFAULT_BIKETYPE').desiredMaxSpeed; // 5.56 (20 km/h)
 * ```
 */
export function defaultVType(id = 'DEFAULT_VEHTYPE', defaults: VTypeDefaults = {}): TypeIn {
  const vClass = BUILTIN_VTYPES[id] ?? 'passenger';
  const d = classDefaults(vClass);
  return {
    id,
    vClass,
    length: d.length,
    minGap: d.minGap,
    accel: d.accel,
    decel: d.decel,
    emergencyDecel: d.emergencyDecel,
    maxSpeed: d.maxSpeed,
    desiredMaxSpeed: d.desiredMaxSpeed,
    sigma: 0.5,
    speedDev: defaults.speedDev !== undefined && defaults.speedDev >= 0 ? defaults.speedDev : d.speedDev,
    speedFactorMin: 0.2,
    speedFactorMax: 2,
    carFollowModel: defaults.carFollowModel === 'IDM' ? 'idm' : 'krauss',
  };
}
