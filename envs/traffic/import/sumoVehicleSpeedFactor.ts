import type { ImportLog } from './ImportLog.js';
import type { VehicleTypeInput as TypeIn } from './NetworkParts.js';
import { defaultVType, type VTypeDefaults } from './sumoVTypes.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';

/**
 * The vehicle type of a vehicle or flow with its own `speedFactor` attribute (SUMO 1.15: the driver's speed
 * factor, not drawn from its type's distribution): a copy of its type with that factor and no deviation,
 * added to `types` once per type and factor (`TYPE@speedFactor=X`). Without the attribute, `type` itself.
 * A type distribution keeps its draw, with one warning.
 *
 * @example
 * ```ts
 * const type = withSpeedFactor(doc, el, "vehicle 'a'", 'car', types, {}, log); // 'car@speedFactor=0.5'
 * ```
 */
export function withSpeedFactor(
  doc: XmlDocument, el: XmlElement, what: string, type: string | undefined, types: Map<string, TypeIn>, defaults: VTypeDefaults, log: ImportLog,
): string | undefined {
  if (el.speedFactor === undefined) return type;
  const sf = doc.num(el, what, 'speedFactor', undefined, { min: 0 });
  if (!(sf > 0)) doc.fail(el, what, 'speedFactor', 'expected a positive number', String(el.speedFactor));
  const base = types.get(type ?? 'DEFAULT_VEHTYPE') ?? (type === undefined ? defaultVType('DEFAULT_VEHTYPE', defaults) : undefined);
  if (!base) {
    log.warn(doc.file, `${what.split(' ')[0]} speedFactor with a vTypeDistribution`, "not modelled: the drivers draw their type's speed factor", {
      key: 'veh:sfdist',
      line: doc.lineOf(el),
    });
    return type;
  }
  const id = `${base.id}@speedFactor=${sf}`;
  if (!types.has(id)) types.set(id, { ...base, id, speedFactor: sf, speedDev: 0, speedFactorMin: Math.min(0.2, sf), speedFactorMax: Math.max(2, sf) });
  return id;
}
