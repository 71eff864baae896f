// Regenerates ta01-ta10 (Taillard 1993, 15 x 15 job-shop) from the published seeds with Taillard's
// generator (LCG a=16807, m=2^31-1; times U[1,99] for all jobs first, then machine orders by swaps), and
// writes them in Taillard's text format with the proven optimum in the bound fields.
// Checked against independently stored copies (ta01 in full, the last 13 jobs of ta02 and ta10) and
// against the published simple lower bounds (977, 942, 921, 911, 940, 889 for ta01-ta06).
// Usage: node data/jobshop/taillard.mjs data/jobshop
import fs from 'node:fs';
const seeds = [[840612802,398197754],[1314640371,386720536],[1227221349,316176388],[342269428,1806358582],[1603221416,1501949241],[1357584978,1734077082],[44531661,1374316395],[302545136,2092186050],[1153780144,1393392374],[73896786,1544979948]];
const opt = [1231,1244,1218,1175,1224,1238,1227,1217,1274,1241];
function unif(s, lo, hi) { const k = Math.trunc(s.v / 127773); s.v = 16807 * (s.v % 127773) - k * 2836; if (s.v < 0) s.v += 2147483647; return lo + Math.floor((s.v / 2147483647) * (hi - lo + 1)); }
const pad = (x, w) => String(x).padStart(w);
seeds.forEach(([ts, ms], idx) => {
  const n = 15, m = 15; const t = {v: ts}, mm = {v: ms};
  const d = [], M = [];
  for (let i = 0; i < n; i++) { d.push([]); for (let j = 0; j < m; j++) d[i].push(unif(t, 1, 99)); }
  for (let i = 0; i < n; i++) { M.push([]); for (let j = 0; j < m; j++) M[i].push(j + 1); for (let j = 0; j < m; j++) { const o = unif(mm, j, m - 1); const x = M[i][j]; M[i][j] = M[i][o]; M[i][o] = x; } }
  // LB: max machine load, max job length
  let lb = 0; const load = new Array(m).fill(0);
  for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < m; j++) { s += d[i][j]; load[M[i][j]-1] += d[i][j]; } lb = Math.max(lb, s); }
  lb = Math.max(lb, ...load);
  const name = 'ta' + String(idx + 1).padStart(2, '0');
  let out = 'Nb of jobs, Nb of Machines, Time seed, Machine seed, Upper bound, Lower bound\n';
  out += `${pad(n,10)}${pad(m,10)}${pad(ts,11)}${pad(ms,11)}${pad(opt[idx],10)}${pad(opt[idx],10)}\n`;
  out += 'Times\n' + d.map(r => r.map(x => pad(x, 3)).join('')).join('\n') + '\nMachines\n' + M.map(r => r.map(x => pad(x, 3)).join('')).join('\n') + '\n';
  fs.writeFileSync(process.argv[2] + '/' + name + '.txt', out);
});
