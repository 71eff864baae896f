import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { startPolicyServer } from '../../serve/PolicyServer.js';
import { CliError } from '../CliError.js';
import { intAtLeast } from '../parseArgs.js';
import { loadEnvs } from '../loadEnvs.js';

interface ServeOpts {
  port?: number;
  host?: string;
  token?: string;
  driftThreshold?: number;
  watch?: boolean;
}

function positiveNumber(flag: string): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new CliError(`Invalid ${flag} '${v}': expected a positive number`);
    return n;
  };
}

/**
 * `tsgym serve RUN_DIR [--port N] [--host H --token T] [--drift-threshold Z] [--no-watch]`: answers
 * `POST /act` with the run's policy (its best model `RUN_DIR/best`, or `RUN_DIR/final` when given that; see
 * docs/production.md); binds 127.0.0.1 unless a host and a token are given; reloads policy.json when it
 * changes and on SIGHUP.
 *
 * @example
 * ```ts
 * register(program); // tsgym serve runs/dqn-signal --port 8080
 * ```
 */
export function register(program: Command): void {
  program
    .command('serve')
    .description('serve a trained policy over HTTP: POST /act, GET /metrics (Prometheus), GET /healthz')
    .argument('<run-dir>', 'a run directory written by tsgym train (serves RUN/best, its best model; RUN/final for the last one)')
    .option('--port <n>', 'port (default: a free one)', intAtLeast('--port', 0))
    .option('--host <h>', 'interface to bind (default 127.0.0.1); beyond loopback needs --token')
    .option('--token <t>', 'bearer token required on /act and /metrics (default: $TSGYM_SERVE_TOKEN)')
    .option('--drift-threshold <z>', 'flag drift when a feature\'s running z-score exceeds this', positiveNumber('--drift-threshold'), 1)
    .option('--no-watch', 'do not reload when policy.json changes (SIGHUP still reloads)')
    .action(async (runDir: string, opts: ServeOpts, cmd: Command) => {
      if (opts.port !== undefined && opts.port > 65535) throw new CliError(`Invalid --port '${opts.port}': expected 0..65535`);
      if (!existsSync(runDir) || !statSync(runDir).isDirectory())
        throw new CliError(`Cannot serve '${runDir}': not a directory (expected a run directory written by tsgym train)`);
      await loadEnvs(); // env modules register the network formats they serve (JobShop-v0's tsgym-gnn)
      const quiet = Boolean(cmd.optsWithGlobals().quiet);
      const log = (line: string): void => {
        if (!quiet) process.stderr.write(`tsgym serve: ${line}\n`);
      };
      const server = await startPolicyServer({
        runDir, port: opts.port ?? 0, host: opts.host, token: opts.token ?? process.env.TSGYM_SERVE_TOKEN,
        driftThreshold: opts.driftThreshold, watch: opts.watch !== false, log,
      });
      process.stdout.write(
        `Serving ${server.policyFile} (model ${server.model.version}) at ${server.url} (POST /act, GET /metrics, GET /healthz; Ctrl-C to stop)\n`,
      );
      const onHup = (): void => {
        if (!server.reload()) log(`SIGHUP: model unchanged (${server.model.version})`);
      };
      process.on('SIGHUP', onHup);
      await new Promise<void>((done) => {
        const stop = (): void => void server.close().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.off('SIGHUP', onHup);
    });
}
