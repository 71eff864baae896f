/**
 * The house drawn from the imports (docs/ARCHITECTURE.md): reads every import of every source file and
 * fails on any edge against the layering. One violation is one line: `file:line imports target: rule`.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const FOLDERS = ['src', 'envs', 'agents', 'renderers', 'examples', 'test'];

/**
 * The library inside src/ (everything but src/cli), bottom layer first. A module may import a module of a
 * lower layer, or of its own folder at the same layer or lower; nothing else (no sideways or upward edge).
 * Entries are folders, or single files that sit lower than the rest of their folder.
 */
const SRC_LAYERS: readonly (readonly string[])[] = [
  ['src/core/errors.ts', 'src/core/parseConfig.ts', 'src/rng', 'src/stats', 'src/plot', 'src/bench', 'src/io'],
  ['src/spaces'],
  ['src/core'],
  ['src/wrappers', 'src/checker'],
  ['src/registry'],
  ['src/policy', 'src/vector'],
  ['src/rollout', 'src/explain'],
  ['src/eval'],
  ['src/serve'],
  ['src/index.ts'],
];

/** Inside agents/: the tf loader, then the shared plumbing, then the algorithms (and the package index). */
const AGENT_LAYERS: readonly (readonly string[])[] = [['agents/loadTf.ts'], ['agents/common'], ['agents']];

/** Folders that must run in a browser (DESIGN.md: simulation cores import nothing from Node). */
const NODE_FREE = [
  'src/core', 'src/spaces', 'src/rng', 'src/wrappers', 'src/registry', 'src/policy', 'src/checker', 'src/stats', 'src/plot', 'src/explain',
  'envs/classic', 'envs/factory', 'envs/traffic/engine', 'envs/traffic/env', 'envs/traffic/network', 'envs/traffic/scenarios',
  'envs/traffic/baselines', 'envs/traffic/network-env', 'renderers/format', 'renderers/viewer/src',
];

/** The package's own entry points, as `exports` in package.json maps them. */
const SELF: Record<string, string> = {
  tsgym: 'src/index.ts',
  'tsgym/envs': 'envs/index.ts',
  'tsgym/agents': 'agents/index.ts',
  'tsgym/renderers': 'renderers/index.ts',
};

interface Edge {
  readonly from: string;
  readonly line: number;
  /** Repository-relative file, or `node:<name>` for a Node builtin, or undefined for another package. */
  readonly to: string | undefined;
  readonly spec: string;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'dist') sourceFiles(rel, out);
    } else if (/\.(ts|mts|mjs|js)$/.test(e.name) && !/\.d\.m?ts$/.test(e.name)) {
      out.push(rel);
    }
  }
  return out;
}

function target(from: string, spec: string): string | undefined {
  if (spec.startsWith('node:')) return spec;
  if (SELF[spec] !== undefined) return SELF[spec];
  if (!spec.startsWith('.')) return undefined;
  const abs = resolve(ROOT, dirname(from), spec);
  const ts = abs.replace(/\.js$/, '.ts');
  return relative(ROOT, existsSync(ts) ? ts : abs).split('\\').join('/');
}

/** Every import of a file: static, `export ... from`, dynamic `import()`, `import()` types, and `new URL('x.js', import.meta.url)`. */
function edgesOf(file: string): Edge[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const lineAt = (pos: number): number => text.slice(0, pos).split('\n').length;
  const info = ts.preProcessFile(text, true, true);
  const edges: Edge[] = info.importedFiles.map((r) => ({ from: file, line: lineAt(r.pos), to: target(file, r.fileName), spec: r.fileName }));
  for (const m of text.matchAll(/new URL\(\s*['"`]([^'"`]+\.(?:js|mjs|ts))['"`]\s*,\s*import\.meta\.url/g)) {
    edges.push({ from: file, line: lineAt(m.index), to: target(file, m[1] ?? ''), spec: m[1] ?? '' });
  }
  return edges;
}

/** `[layer index, unit folder]` of a file in a layer table, or undefined when no entry holds it. */
function placeIn(layers: readonly (readonly string[])[], file: string): [number, string] | undefined {
  let best: [number, string, number] | undefined;
  layers.forEach((entries, i) => {
    for (const e of entries) {
      if ((file === e || file.startsWith(`${e}/`)) && (best === undefined || e.length > best[2])) best = [i, e.endsWith('.ts') ? dirname(e) : e, e.length];
    }
  });
  return best === undefined ? undefined : [best[0], best[1]];
}

/** Why `e` breaks a layering rule, or undefined when it is allowed. */
function layered(layers: readonly (readonly string[])[], e: Edge & { to: string }): string | undefined {
  const a = placeIn(layers, e.from);
  const b = placeIn(layers, e.to);
  if (a === undefined || b === undefined) return undefined;
  if (b[0] < a[0]) return undefined;
  if (b[0] === a[0] && b[1] === a[1]) return undefined;
  return `${a[1]} (layer ${a[0]}) may not import ${b[1]} (layer ${b[0]})`;
}

const top = (f: string): string => f.split('/')[0] ?? '';
const isCli = (f: string): boolean => f.startsWith('src/cli/');
const isLibrary = (f: string): boolean => top(f) === 'src' && !isCli(f);
const envDomain = (f: string): string | undefined => (/^envs\/([^/]+)\//.exec(f) ?? [])[1];

/** The rules, each returning why an edge breaks it (undefined: allowed). */
function violation(e: Edge): string | undefined {
  const to = e.to;
  if (to === undefined) return undefined;
  if (to.startsWith('node:')) {
    return NODE_FREE.some((d) => e.from.startsWith(`${d}/`)) ? 'must run in a browser: no Node builtins' : undefined;
  }
  const from = top(e.from);
  const dest = top(to);
  if (dest === 'test' && from !== 'test') return 'only tests import test/';
  if (isCli(to) && !isCli(e.from) && from !== 'test') return 'src/cli is the composition root: nothing imports it';
  if (e.from.startsWith('renderers/viewer/src/')) {
    return to.startsWith('renderers/format/') || to.startsWith('renderers/viewer/src/') ? undefined : 'the viewer imports only renderers/format';
  }
  if (isLibrary(e.from)) {
    if (dest !== 'src') return 'the library in src/ imports nothing from envs/, agents/, renderers/ or examples/';
    return layered(SRC_LAYERS, { ...e, to });
  }
  if (from === 'envs') {
    if (dest === 'agents' || dest === 'renderers' || dest === 'examples') return 'envs/ imports neither agents/ nor renderers/';
    const a = envDomain(e.from);
    const b = envDomain(to);
    if (dest === 'envs' && a !== undefined && b !== undefined && a !== b) return `env domains are independent: envs/${a} may not import envs/${b}`;
    return undefined;
  }
  if (from === 'agents') {
    if (dest === 'envs' || dest === 'renderers' || dest === 'examples') return 'agents/ learn on any env: they import neither envs/ nor renderers/';
    return dest === 'agents' ? layered(AGENT_LAYERS, { ...e, to }) : undefined;
  }
  if (from === 'renderers') {
    if (dest === 'agents' || dest === 'examples') return 'renderers/ import no agents';
    if (e.from.startsWith('renderers/format/') && dest !== 'src' && !to.startsWith('renderers/format/'))
      return 'renderers/format (read by the viewer) imports only the library';
    return undefined;
  }
  return undefined;
}

const files = FOLDERS.flatMap((d) => sourceFiles(d));
const edges = files.flatMap(edgesOf);

describe('architecture: the imports follow docs/ARCHITECTURE.md', () => {
  it('reads the imports of every source file in every folder', () => {
    for (const d of FOLDERS) expect(files.some((f) => f.startsWith(`${d}/`)), d).toBe(true);
    // the parser sees static, type-only, re-export and dynamic imports
    const kinds = edges.filter((e) => e.from === 'src/cli/bench/suite.ts').map((e) => e.spec);
    expect(kinds).toContain('../../../envs/classic/bench.js');
    expect(edges.filter((e) => e.from === 'src/index.ts').length).toBeGreaterThan(10);
  });

  it('has no edge against the layering', () => {
    const bad = edges
      .map((e) => ({ e, why: violation(e) }))
      .filter((x) => x.why !== undefined)
      .map(({ e, why }) => `${e.from}:${e.line} imports ${e.to}: ${why}`);
    expect(bad).toEqual([]);
  });

  it('the rules catch what they are meant to (a library module importing envs, core importing the registry, the viewer importing the server)', () => {
    const probe = (from: string, to: string): string | undefined => violation({ from, line: 1, to, spec: to });
    expect(probe('src/vector/x.ts', 'envs/index.ts')).toMatch(/library/);
    expect(probe('src/core/Env.ts', 'src/registry/registry.ts')).toMatch(/layer/);
    expect(probe('src/policy/x.ts', 'src/vector/x.ts')).toMatch(/layer/);
    expect(probe('src/spaces/Box.ts', 'src/core/errors.ts')).toBeUndefined();
    expect(probe('src/core/errors.ts', 'src/core/Env.ts')).toMatch(/layer/);
    expect(probe('renderers/viewer/src/main.ts', 'renderers/server/LiveChannel.ts')).toMatch(/viewer/);
    expect(probe('envs/factory/x.ts', 'agents/dqn.ts')).toMatch(/envs/);
    expect(probe('envs/factory/x.ts', 'envs/traffic/x.ts')).toMatch(/independent/);
    expect(probe('agents/common/x.ts', 'agents/dqn.ts')).toMatch(/layer/);
    expect(probe('agents/dqn.ts', 'envs/classic/index.ts')).toMatch(/agents/);
    expect(probe('src/cli/x.ts', 'agents/dqn.ts')).toBeUndefined();
    expect(probe('envs/classic/CartPoleEnv.ts', 'node:fs')).toMatch(/browser/);
  });
});
