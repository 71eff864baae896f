import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidConfig } from '../../core/errors.js';
import { make, spec } from '../../registry/registry.js';

/** How an env lays out its observation: the `layout` kwarg (traffic envs) and, when it has them, the feature names. */
export interface ObservationLayout {
  readonly layout: string;
  readonly names: readonly string[] | null;
}

/**
 * The observation layout of a single-agent env built from `kwargs`: `layout` (`native` unless the kwargs
 * name another) and, for an env exposing `layout.featureNames` (traffic envs with `layout: 'canonical'`),
 * the feature names; other envs are not built.
 *
 * @example
 * ```ts
 * observationLayoutOf('TrafficSignal-v0', { preset: 'jinan', layout: 'canonical' }).names?.[0]; // 'phase=N.l+N.s'
 * ```
 */
export function observationLayoutOf(envId: string, kwargs: Record<string, unknown>): ObservationLayout {
  const layout = typeof kwargs.layout === 'string' ? kwargs.layout : 'native';
  if (layout === 'native' || spec(envId).parallel) return { layout, names: null };
  const env = make(envId, kwargs);
  try {
    const u = env.unwrapped as unknown as { layout?: { featureNames?: readonly string[] } };
    return { layout, names: u.layout?.featureNames ? [...u.layout.featureNames] : null };
  } finally {
    env.close();
  }
}

/**
 * Refuses to warm-start from run `dir` when its observation has another layout than `here`, or the same
 * size but other features (e.g. another phase set): the sizes would match and the weights load, with
 * another meaning. Runs without the record (older runs) are not checked.
 *
 * @example
 * ```ts
 * checkObservationLayout('runs/source', observationLayoutOf('TrafficNetwork-v0', kwargs));
 * ```
 */
export function checkObservationLayout(dir: string, here: ObservationLayout): void {
  const file = join(dir, 'config.json');
  if (!existsSync(file)) return;
  const cfg = JSON.parse(readFileSync(file, 'utf8')) as { train?: { envKwargs?: Record<string, unknown> }; observationNames?: string[] | null };
  const kw = cfg.train?.envKwargs ?? {};
  const there = typeof kw.layout === 'string' ? kw.layout : 'native';
  if (there !== here.layout) {
    throw new InvalidConfig(
      `Cannot warm-start from '${dir}': its observation layout is '${there}', this env's is '${here.layout}' (set envKwargs.layout=${there} or train the ` +
        `source with layout ${here.layout})`,
    );
  }
  const a = cfg.observationNames;
  const b = here.names;
  if (!a || !b || a.length !== b.length) return; // a size difference is reported with the layer shapes
  const i = a.findIndex((nm, k) => nm !== b[k]);
  if (i >= 0)
    throw new InvalidConfig(
      `Cannot warm-start from '${dir}': observation feature ${i} is '${a[i]}' there but '${b[i]}' here (another phase set or lane layout)`,
    );
}
