import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { launchHeadless } from '../../../renderers/browser/chromium.js';
import { FactoryLineEnv } from '../../../envs/factory/FactoryLineEnv.js';
import { JobShopEnv } from '../../../envs/factory/jobshop/JobShopEnv.js';
import { JobShopRulePolicy } from '../../../envs/factory/jobshop/JobShopRulePolicy.js';

/** The same episodes, written once, run in Node and (as page script) in Chromium. */
const EPISODES = `
export function episodes(F) {
  const env = new F.FactoryLineEnv({ scenario: 'two-product', reward: 'tardiness' });
  env.reset({ seed: 1 });
  let n = 0, ret = 0, r;
  do { r = env.step(n % 7); ret += r[1]; n++; } while (!r[2]);
  const js = new F.JobShopEnv({ instance: 'ft10' });
  const p = new F.JobShopRulePolicy(js, 'mwkr');
  js.reset({ seed: 0 });
  let s;
  do { s = js.step(p.act()); } while (!s[2]);
  return { decisions: n, ret, throughput: r[4].metrics.throughput, makespan: s[4].makespan };
}`;

describe('the factory simulator runs in a browser', () => {
  it('bundled for the browser, Chromium gives the same episodes as Node', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'factory-browser-'));
    try {
      await build({
        logLevel: 'silent',
        configFile: false,
        build: {
          outDir: dir,
          emptyOutDir: false,
          lib: { entry: join(import.meta.dirname, '../../../envs/factory/index.ts'), formats: ['es'], fileName: 'factory' },
          minify: false,
        },
      });
      writeFileSync(join(dir, 'episodes.js'), EPISODES);
      writeFileSync(join(dir, 'index.html'), `<!doctype html><html><head><link rel="icon" href="data:,"></head><body><script type="module">
import * as F from './factory.js'; import { episodes } from './episodes.js';
try { window.result = episodes(F); } catch (e) { window.result = { error: String(e) }; }
</script></body></html>`);
      const server = createServer((req, res) => {
        const file = join(dir, (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : (req.url ?? '').slice(1));
        try {
          const body = readFileSync(file);
          res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' });
          res.end(body);
        } catch {
          res.writeHead(404);
          res.end();
        }
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const chrome = await launchHeadless();
      try {
        const page = await chrome.context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, undefined, { timeout: 60_000 });
        const inBrowser = await page.evaluate(() => (window as unknown as { result: unknown }).result);
        const mod = (await import(`data:text/javascript,${encodeURIComponent(EPISODES)}`)) as { episodes(F: unknown): unknown };
        const inNode = mod.episodes({ FactoryLineEnv, JobShopEnv, JobShopRulePolicy });
        expect(errors).toEqual([]);
        expect(inBrowser).toEqual(inNode);
      } finally {
        await chrome.close();
        server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
