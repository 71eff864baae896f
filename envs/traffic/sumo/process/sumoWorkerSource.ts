/**
 * Source of the worker thread that owns one SUMO process and its TraCI socket (run with
 * `new Worker(SUMO_WORKER_SOURCE, { eval: true })`, so it works the same from `src/` under vitest and
 * from `dist/`). The env thread talks to it through `SumoChannel` and blocks on an `Atomics.wait` until
 * the worker posts an answer, so TraCI round trips are synchronous for the env while the worker's own
 * event loop reads the socket, SUMO's output streams and the child's exit.
 *
 * Requests (each `{ seq, ... }`, each answered once with `{ seq, ... }`):
 * - `{ op: 'start', bin, args, cwd, env, connectTimeoutMs, streams }`: makes a work folder (`@DIR@` in
 *   the args), picks free loopback ports,
 *   spawns SUMO (through `setpriv --pdeathsig SIGKILL` when present, in its own process group, output
 *   to a log file), connects with retries; answers `{ ok, pid, port, log, out }` (out: the stream
 *   address) or `{ error, exit, log }`.
 * - `{ op: 'send', bytes }`: writes one TraCI message and answers `{ bytes, text }` with the whole
 *   answer message and the output-stream lines (tripinfo, summary) SUMO wrote before it.
 * - `{ op: 'end', timeoutMs }`: waits for SUMO to exit (after a close command), kills it when it does
 *   not, closes everything; answers `{ exit }`.
 * - `{ op: 'kill' }`: SIGKILL now; answers `{ exit }` once it is gone.
 *
 * @example
 * ```ts
 * const worker = new Worker(SUMO_WORKER_SOURCE, { eval: true, workerData: { port, flag } });
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
const { port, flag } = workerData;

let outPort = 0;
let child = null, exit = null, sock = null, failure = null, pending = -1, logFile = null, dir = null;
let inbuf = Buffer.alloc(0);
const streams = []; let streamText = '';
let outServer = null;

function reply(msg, transfer) {
  port.postMessage(msg, transfer || []);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
function exitInfo() { return exit; }
function fail(seq, error) { reply({ seq, error, exit: exitInfo(), log: logFile }); }

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

function takeLines(state) {
  const i = state.buf.lastIndexOf('\n');
  if (i < 0) return;
  streamText += state.buf.slice(0, i + 1);
  state.buf = state.buf.slice(i + 1);
}

function startStreams() {
  return new Promise((resolve, reject) => {
    outServer = net.createServer((c) => {
      const state = { buf: '' };
      streams.push(state);
      c.setEncoding('utf8');
      c.on('data', (d) => { state.buf += d; takeLines(state); });
      c.on('error', () => {});
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
  const args = m.args
    .map((a) => (a === '@OUT@' ? '127.0.0.1:' + outPort : a.split('@DIR@').join(dir)))
    .concat(['--remote-port', String(traciPort), '--num-clients', '1']);
  const fd = fs.openSync(logFile, 'w');
  const useSetpriv = hasSetpriv();
  const file = useSetpriv ? '/usr/bin/setpriv' : m.bin;
  const argv = useSetpriv ? ['--pdeathsig', 'SIGKILL', '--', m.bin].concat(args) : args;
  child = spawn(file, argv, { cwd: m.cwd, env: m.env, stdio: ['ignore', fd, fd], detached: true });
  fs.closeSync(fd);
  child.once('error', (e) => { exit = { code: null, signal: null, spawnError: e.code || e.message }; });
  child.once('exit', (code, signal) => { exit = Object.assign({ code, signal }, exit || {}); if (sock) sock.destroy(); });
  const deadline = Date.now() + m.connectTimeoutMs;
  const attempt = () => {
    if (exit) return fail(m.seq, 'sumo exited before accepting the TraCI connection');
    if (Date.now() > deadline) { kill(); return fail(m.seq, 'sumo did not accept the TraCI connection within ' + m.connectTimeoutMs + ' ms'); }
    const s = net.connect(traciPort, '127.0.0.1');
    s.once('connect', () => {
      s.setNoDelay(true);
      s.removeAllListeners('error');
      sock = s;
      s.on('data', onData);
      s.on('error', (e) => { failure = failure || ('TraCI socket error: ' + e.message); });
      s.on('close', onClose);
      reply({ seq: m.seq, ok: true, pid: child.pid, port: traciPort, log: logFile, out: m.streams ? '127.0.0.1:' + outPort : '' });
    });
    s.once('error', () => { s.destroy(); setTimeout(attempt, 15); });
  };
  attempt();
}

function onData(d) {
  inbuf = inbuf.length ? Buffer.concat([inbuf, d]) : d;
  if (inbuf.length < 4) return;
  const len = inbuf.readInt32BE(0);
  if (inbuf.length < len) return;
  const out = new Uint8Array(len);
  out.set(inbuf.subarray(0, len));
  inbuf = inbuf.subarray(len);
  const seq = pending;
  pending = -1;
  // the output streams were written before this answer: let their reads of this poll phase run first
  setImmediate(() => setImmediate(() => {
    const text = streamText;
    streamText = '';
    reply({ seq, bytes: out, text }, [out.buffer]);
  }));
}

function onClose() {
  failure = failure || 'sumo closed the TraCI connection';
  sock = null;
  if (pending >= 0) {
    const seq = pending;
    pending = -1;
    // wait briefly for the exit status, which tells a crash from a kill
    const t0 = Date.now();
    const wait = () => (exit || Date.now() - t0 > 500 ? fail(seq, failure) : setTimeout(wait, 10));
    wait();
  }
}

function kill() {
  if (child && !exit) { try { process.kill(-child.pid, 'SIGKILL'); } catch { try { child.kill('SIGKILL'); } catch {} } }
}

function cleanup() {
  if (sock) sock.destroy();
  if (outServer) outServer.close();
  for (const c of streams) c.buf = '';
  try { if (dir) fs.rmSync(dir, { recursive: true, force: true }); } catch {}
}

function whenGone(seq, timeoutMs) {
  const t0 = Date.now();
  const wait = () => {
    if (!child || exit) { cleanup(); return reply({ seq, exit: exitInfo() }); }
    if (Date.now() - t0 > timeoutMs) kill();
    setTimeout(wait, 5);
  };
  wait();
}

port.on('message', (m) => {
  if (m.op === 'start') start(m).catch((e) => fail(m.seq, 'cannot start sumo: ' + (e && e.message)));
  else if (m.op === 'send') {
    if (!sock || failure) return fail(m.seq, failure || 'not connected');
    pending = m.seq;
    sock.write(m.bytes);
  } else if (m.op === 'end') whenGone(m.seq, m.timeoutMs);
  else if (m.op === 'kill') { kill(); whenGone(m.seq, 0); }
});
`;
