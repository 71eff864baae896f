/**
 * Source of the worker thread that owns one SUMO process (run with `new Worker(SUMO_WORKER_SOURCE,
 * { eval: true })`, so it works the same from `src/` under vitest and from `dist/`). It starts SUMO,
 * connects the TraCI socket and hands its file descriptor, switched to blocking mode and no longer read
 * by libuv, to the env's thread, which then exchanges TraCI messages with plain blocking reads and
 * writes (no thread hop per round trip). The worker stays as the process's keeper: it accepts SUMO's
 * output-stream connections (their descriptors are read by the env's thread the same way, without
 * blocking), sees the child exit, and is the watchdog: when a round trip has been outstanding longer
 * than its timeout (`watch[0]` = start time in ms, `watch[1]` = timeout in ms, set by the env's thread)
 * it kills SUMO, which ends the blocked read, and sets `watch[2]` = 1.
 *
 * Requests (each `{ seq, op, ... }`, each answered once with `{ seq, ... }`):
 * - `start { bin, args, cwd, env, connectTimeoutMs, streams }`: makes a work folder (`@DIR@` in the
 *   args), an output-stream server when `streams` (`@OUT@` in the args), picks a free loopback port,
 *   spawns SUMO (through `setpriv --pdeathsig SIGKILL` when present, in its own process group, output
 *   to a log file), connects with retries; answers `{ ok, pid, fd, log, out }` or `{ error, exit, log }`.
 * - `streams`: answers `{ fds }`, the descriptors of SUMO's output-stream connections so far.
 * - `drop { fds }`: closes those stream connections (their SUMO side ended).
 * - `status`: answers `{ exit, hung }` (exit: null while SUMO runs).
 * - `end { timeoutMs }`: waits for SUMO to exit (after a close command), kills it when it does not,
 *   closes everything; answers `{ exit }`. `kill`: SIGKILL now, then the same.
 *
 * @example
 * ```ts
 * const worker = new Worker(SUMO_WORKER_SOURCE, { eval: true, workerData: { port, flag, watch } });
 * ```
 */
export const SUMO_WORKER_SOURCE = String.raw`
'use strict';
const { workerData } = require('node:worker_threads');
const net = require('node:net');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { port, flag, watch } = workerData;

let child = null, exit = null, sock = null, logFile = null, dir = null, outServer = null, outPort = 0, hung = false;
const streams = new Map();

function reply(msg) {
  port.postMessage(msg);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
function fail(seq, error) { reply({ seq, error, exit, log: logFile }); }

function quiet(s) {
  // the env's thread reads this socket itself: libuv must not
  s.pause();
  if (s._handle && s._handle.readStop) s._handle.readStop();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

function startStreams() {
  return new Promise((resolve, reject) => {
    outServer = net.createServer((c) => {
      quiet(c);
      c.on('error', () => {});
      if (c._handle) streams.set(c._handle.fd, c);
    });
    outServer.once('error', reject);
    outServer.listen(0, '127.0.0.1', () => resolve(outServer.address().port));
  });
}

function hasSetpriv() {
  try { fs.accessSync('/usr/bin/setpriv', fs.constants.X_OK); return process.platform === 'linux'; } catch { return false; }
}

async function start(m) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsgym-sumo-'));
  logFile = path.join(dir, 'sumo.log');
  outPort = m.streams ? await startStreams() : 0;
  const traciPort = await freePort();
  const args = m.args.map((a) => a === '@OUT@' ? '127.0.0.1:' + outPort : a.split('@DIR@').join(dir)).concat(['--remote-port', String(traciPort), '--num-clients', '1']);
  const fd = fs.openSync(logFile, 'w');
  const useSetpriv = hasSetpriv();
  const file = useSetpriv ? '/usr/bin/setpriv' : m.bin;
  const argv = useSetpriv ? ['--pdeathsig', 'SIGKILL', '--', m.bin].concat(args) : args;
  child = spawn(file, argv, { cwd: m.cwd, env: m.env, stdio: ['ignore', fd, fd], detached: true });
  fs.closeSync(fd);
  child.once('error', (e) => { exit = { code: null, signal: null, spawnError: e.code || e.message }; });
  child.once('exit', (code, signal) => { exit = Object.assign({ code, signal }, exit || {}); });
  const deadline = Date.now() + m.connectTimeoutMs;
  const attempt = () => {
    if (exit) return fail(m.seq, 'sumo exited before accepting the TraCI connection');
    if (Date.now() > deadline) { kill(); return fail(m.seq, 'sumo did not accept the TraCI connection within ' + m.connectTimeoutMs + ' ms'); }
    const s = net.connect(traciPort, '127.0.0.1');
    s.once('connect', () => {
      s.setNoDelay(true);
      s.removeAllListeners('error');
      s.on('error', () => {});
      quiet(s);
      s._handle.setBlocking(true);
      sock = s;
      reply({ seq: m.seq, ok: true, pid: child.pid, fd: s._handle.fd, log: logFile, out: m.streams ? '127.0.0.1:' + outPort : '' });
    });
    s.once('error', () => { s.destroy(); setTimeout(attempt, 15); });
  };
  attempt();
}

function kill() {
  if (child && !exit) { try { process.kill(-child.pid, 'SIGKILL'); } catch { try { child.kill('SIGKILL'); } catch {} } }
}

// the watchdog: a round trip outstanding beyond its timeout means SUMO hangs
setInterval(() => {
  if (watch[0] > 0 && watch[1] > 0 && Date.now() - watch[0] > watch[1] && child && !exit) {
    hung = true;
    watch[2] = 1;
    kill();
  }
}, 20).unref();

function cleanup() {
  if (sock) sock.destroy();
  sock = null;
  for (const c of streams.values()) c.destroy();
  streams.clear();
  if (outServer) outServer.close();
  try { if (dir) fs.rmSync(dir, { recursive: true, force: true }); } catch {}
}

function whenGone(seq, timeoutMs) {
  const t0 = Date.now();
  const wait = () => {
    if (!child || exit) { cleanup(); return reply({ seq, exit }); }
    if (Date.now() - t0 > timeoutMs) kill();
    setTimeout(wait, 5);
  };
  wait();
}

function status(seq) {
  // after a failed read: give the child a moment to be reaped, so its exit status is known
  const t0 = Date.now();
  const wait = () => (exit || Date.now() - t0 > 500 ? reply({ seq, exit, hung }) : setTimeout(wait, 5));
  wait();
}

port.on('message', (m) => {
  if (m.op === 'start') start(m).catch((e) => fail(m.seq, 'cannot start sumo: ' + (e && e.message)));
  else if (m.op === 'streams') reply({ seq: m.seq, fds: [...streams.keys()] });
  else if (m.op === 'drop') { for (const f of m.fds) { const c = streams.get(f); if (c) { streams.delete(f); c.destroy(); } } reply({ seq: m.seq }); }
  else if (m.op === 'status') status(m.seq);
  else if (m.op === 'end') whenGone(m.seq, m.timeoutMs);
  else if (m.op === 'kill') { kill(); whenGone(m.seq, 0); }
});
`;
