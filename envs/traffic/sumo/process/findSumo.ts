import { SimulatorError } from '../../../../src/core/errors.js';
import { nodeModule } from './nodeModule.js';

/**
 * The path of the sumo program: `binary` when given, else `$SUMO_BINARY`, else `sumo` on the PATH.
 * Throws a one-line SimulatorError saying how to install it when there is none.
 *
 * @example
 * ```ts
 * findSumo(); // '/usr/bin/sumo'
 * ```
 */
export function findSumo(binary?: string): string {
  const fs = nodeModule<typeof import('node:fs')>('node:fs');
  const path = nodeModule<typeof import('node:path')>('node:path');
  const executable = (p: string): boolean => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  const wanted = binary ?? process.env.SUMO_BINARY;
  if (wanted !== undefined && wanted !== '') {
    if (wanted.includes('/')) {
      if (executable(wanted)) return wanted;
      throw new SimulatorError(`sumo binary '${wanted}' is not an executable file: apt-get install sumo (or set SUMO_BINARY to the sumo program)`);
    }
  }
  const name = wanted && wanted !== '' ? wanted : 'sumo';
  for (const dir of (process.env.PATH ?? '/usr/bin:/usr/local/bin').split(path.delimiter)) {
    if (dir !== '' && executable(path.join(dir, name))) return path.join(dir, name);
  }
  throw new SimulatorError(`backend 'sumo' needs the sumo program, not found on the PATH: apt-get install sumo`);
}

/**
 * Whether sumo can be run here (for tests and benchmarks that need it).
 *
 * @example
 * ```ts
 * it.skipIf(!hasSumo())('runs in SUMO', () => { ... });
 * ```
 */
export function hasSumo(): boolean {
  try {
    findSumo();
    return true;
  } catch {
    return false;
  }
}
