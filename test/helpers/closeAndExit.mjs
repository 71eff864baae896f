// Run as a child process: uses AsyncVectorEnvs (worker-only and with a main-thread share) and a RolloutPool, closes both, then reports the
// handles still open. The test expects this process to exit by itself, promptly, with code 0.
const [, , distIndex, envsIndex] = process.argv;
const tsgym = await import(distIndex);
await import(envsIndex);
const v = tsgym.makeVec('BusyStep-v0', 4, { mode: 'async', workers: 2, kwargs: { stepUs: 0 } });
v.reset({ seed: 0 });
for (let t = 0; t < 50; t++) v.step([0, 1, 0, 1]);
await v.close();
// the same with the main thread stepping a share (its envs are closed too, one worker thread)
const m = tsgym.makeVec('BusyStep-v0', 4, { mode: 'async', workers: 1, mainThreadShare: true, kwargs: { stepUs: 0 } });
m.reset({ seed: 0 });
for (let t = 0; t < 50; t++) m.step([0, 1, 0, 1]);
await m.close();
const pool = new tsgym.RolloutPool({ workers: 2 });
const results = await pool.evaluate({ envId: 'BusyStep-v0', kwargs: { stepUs: 0, episodeLength: 10 }, policy: 'random', episodes: 4, seed: 1 });
await pool.close();
// stdio (TTY or pipe to the parent) is not ours; any Worker, MessagePort or timer left would be listed
const open = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap');
console.log(JSON.stringify({ episodes: results.length, open }));
