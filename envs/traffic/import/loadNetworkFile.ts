import { InvalidFile } from '../../../src/core/errors.js';
import { ImportLog } from './ImportLog.js';
import type { ImportedNetwork } from './ImportedNetwork.js';
import { importCityflow } from './importCityflow.js';
import { importSumo, type SourceFile } from './importSumo.js';
import { parseCityflowConfig } from './parseCityflowConfig.js';
import { isSumoConfigName, parseSumoConfig } from './parseSumoConfig.js';
import type { CityflowPhase0 } from './parseCityflowRoadnet.js';

type Fs = typeof import('node:fs');
type PathMod = typeof import('node:path');
type Zlib = typeof import('node:zlib');

function node(): { fs: Fs; path: PathMod; zlib: Zlib } {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const get = proc?.getBuiltinModule;
  if (!get) {
    throw new InvalidFile('reading a network from a path needs Node.js >= 20.16; in a browser, read the files yourself and call importSumo/importCityflow');
  }
  return { fs: get('node:fs') as Fs, path: get('node:path') as PathMod, zlib: get('node:zlib') as Zlib };
}

/** A file's text; gzip-compressed files (SUMO reads `osm.net.xml.gz` and the like as they are) are recognised by their magic bytes. */
function readSource(file: string): SourceFile {
  const { fs, zlib } = node();
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new InvalidFile(`${file}: cannot read${code === 'ENOENT' ? ' (no such file)' : code === 'EISDIR' ? ' (a directory)' : ''}`);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = zlib.gunzipSync(raw);
    } catch (e) {
      throw new InvalidFile(`${file}: a gzip file that cannot be decompressed (${(e as Error).message})`);
    }
  }
  return { text: raw.toString('utf8'), file };
}

/**
 * A demand file with SUMO's XML includes (`<include href="FILE"/>`, FILE relative to the including file):
 * each included file (and the files it includes) comes first, read as a file of the same kind, then the
 * including file with its include elements blanked (lines kept for error messages). SUMO reads the included
 * elements where the include stands; here they are read before the whole including file, which is the same
 * for the usual include of vTypes, routes or zones at the top.
 */
function withIncludes(src: SourceFile, seen: readonly string[] = []): SourceFile[] {
  const { fs, path: P } = node();
  const out: SourceFile[] = [];
  const text = src.text.replace(/<include\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1[^>]*>(?:\s*<\/include>)?/g, (m: string, _q: string, href: string, at: number) => {
    const full = P.isAbsolute(href) ? href : P.join(P.dirname(src.file), href);
    const line = src.text.slice(0, at).split('\n').length;
    if (!fs.existsSync(full)) throw new InvalidFile(`${src.file}:${line}: <include> href '${href}': no such file (looked for ${full})`);
    if (seen.includes(P.resolve(full)) || P.resolve(full) === P.resolve(src.file)) {
      throw new InvalidFile(`${src.file}:${line}: <include> href '${href}': the file includes itself (through ${[...seen, src.file].join(' -> ')})`);
    }
    out.push(...withIncludes(readSource(full), [...seen, P.resolve(src.file)]));
    return m.replace(/[^\n]/g, ' ');
  });
  out.push(text === src.text ? src : { ...src, text });
  return out;
}

/**
 * Imports a network from disk (Node only): a `.sumocfg`; a `.net.xml` (with `routes`, one or more
 * `.rou.xml`); a CityFlow `config.json` (files resolved against its `dir`); a CityFlow `roadnet.json`
 * (its `flow.json` next to it); or a folder holding `roadnet.json` + `flow.json` (or one `.sumocfg`).
 *
 * @example
 * ```ts
 * const { spec, warnings } = loadNetworkFile('test/fixtures/sumo/cross/cross.sumocfg');
 * ```
 */
export function loadNetworkFile(
  path: string,
  opts: { routes?: string | readonly string[]; phase0?: CityflowPhase0; scale?: number } = {},
): ImportedNetwork {
  const { fs, path: P } = node();
  const read = readSource;
  let stat: import('node:fs').Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    throw new InvalidFile(
      `${path}: no such file or folder ` +
        '(expected a .sumocfg (or .sumo.cfg), a .net.xml (or .net.xml.gz), a CityFlow config.json or roadnet.json, ' +
          'or a folder with roadnet.json and flow.json)',
    );
  }
  const routes = opts.routes === undefined ? [] : typeof opts.routes === 'string' ? opts.routes.split(',').filter((s) => s) : [...opts.routes];
  const cityflowFolder = (dir: string, log?: ImportLog): ImportedNetwork => {
    const flow = P.join(dir, 'flow.json');
    return importCityflow({
      roadnet: read(P.join(dir, 'roadnet.json')),
      ...(fs.existsSync(flow) ? { flow: read(flow) } : {}),
      name: P.basename(P.resolve(dir)),
      ...(opts.phase0 ? { phase0: opts.phase0 } : {}),
      ...(log ? { extraWarnings: log } : {}),
    });
  };
  if (stat.isDirectory()) {
    if (fs.existsSync(P.join(path, 'roadnet.json'))) return cityflowFolder(path);
    const cfgs = fs.readdirSync(path).filter(isSumoConfigName);
    if (cfgs.length === 1 && cfgs[0]) return loadNetworkFile(P.join(path, cfgs[0]), opts);
    throw new InvalidFile(
      `${path}: expected a folder with roadnet.json (and flow.json) or exactly one .sumocfg, found ${cfgs.length} .sumocfg file(s) and no roadnet.json`,
    );
  }
  const dir = P.dirname(path);
  if (isSumoConfigName(path)) {
    const log = new ImportLog();
    const src = read(path);
    const cfg = parseSumoConfig(src.text, path, log);
    const rel = (f: string): string => (P.isAbsolute(f) ? f : P.join(dir, f));
    // a file the .sumocfg names but that is not there: name the config, its line and the field
    const named = (field: 'net-file' | 'route-files' | 'additional-files', line: number | undefined) => (f: string): SourceFile => {
      const full = rel(f);
      if (!fs.existsSync(full)) throw new InvalidFile(`${path}:${line ?? 1}: <${field}> names '${f}': no such file (looked for ${full})`);
      return read(full);
    };
    const files = (routes.length ? routes.map(read) : cfg.routeFiles.map(named('route-files', cfg.lines.routeFiles))).flatMap((f) => withIncludes(f));
    const r = importSumo({
      net: named('net-file', cfg.lines.netFile)(cfg.netFile),
      routes: files,
      additional: cfg.additionalFiles.map(named('additional-files', cfg.lines.additionalFiles)).flatMap((f) => withIncludes(f)),
      begin: cfg.begin,
      ...(cfg.end !== undefined ? { end: cfg.end } : {}),
      ...(cfg.timeToTeleport !== undefined ? { timeToTeleport: cfg.timeToTeleport } : {}),
      ...(cfg.seed !== undefined ? { seed: cfg.seed } : {}),
      ...(cfg.randomFactor !== undefined ? { randomFactor: cfg.randomFactor } : {}),
      ...(cfg.typeDefaults !== undefined ? { typeDefaults: cfg.typeDefaults } : {}),
      // `scale` given to the loader (the env's kwarg) overrides the configuration's, as SUMO's --scale does
      ...((opts.scale ?? cfg.scale) !== undefined ? { scale: opts.scale ?? cfg.scale } : {}),
      ...(cfg.scaleSuffix !== undefined ? { scaleSuffix: cfg.scaleSuffix } : {}),
      ...(cfg.ignoreRouteErrors ? { ignoreRouteErrors: true } : {}),
      ...(cfg.tlsAllOff ? { tlsAllOff: true } : {}),
      ...(cfg.junctionTaz ? { junctionTaz: true } : {}),
    });
    return {
      ...r,
      stepLength: cfg.stepLength,
      ...(cfg.timeToImpatience !== undefined ? { timeToImpatience: cfg.timeToImpatience } : {}),
      ...(cfg.maxDepartDelay !== undefined ? { maxDepartDelay: cfg.maxDepartDelay } : {}),
      warnings: [...log.warnings(), ...r.warnings],
      files: [path, ...r.files],
    };
  }
  const scale = opts.scale !== undefined ? { scale: opts.scale } : {};
  if (/\.net\.xml(\.gz)?$/.test(path)) return importSumo({ net: read(path), routes: routes.map(read).flatMap((f) => withIncludes(f)), ...scale });
  if (path.endsWith('.json')) {
    const src = read(path);
    if (/"roadnetFile"/.test(src.text)) {
      const log = new ImportLog();
      const cfg = parseCityflowConfig(src.text, path, log);
      const pick = (f: string): string => {
        const cands = [P.join(dir, cfg.dir, f), P.join(dir, f), P.join(cfg.dir, f)];
        return cands.find((c) => fs.existsSync(c)) ?? cands[0];
      };
      const roadnet = pick(cfg.roadnetFile);
      const flow = pick(cfg.flowFile);
      return importCityflow({
        roadnet: read(roadnet),
        flow: read(flow),
        name: P.basename(P.resolve(dir)),
        extraWarnings: log,
        ...(opts.phase0 ? { phase0: opts.phase0 } : {}),
      });
    }
    if (/"intersections"/.test(src.text)) return cityflowFolder(dir);
    throw new InvalidFile(`${path}: expected a CityFlow config.json (with roadnetFile) or roadnet.json (with intersections)`);
  }
  throw new InvalidFile(`${path}: unknown network file type (expected .sumocfg, .net.xml, config.json, roadnet.json or a folder)`);
}
