import { ascendingOrder, kendallTauB } from './src-main/engine/kendall';
const n = 50000;
const x = Float64Array.from({ length: n }, () => Math.round(Math.random() * 1000) / 10);
const e = Float64Array.from({ length: n }, () => Math.random() * 100);
for (let k = 0; k < 3; k++) { const o = ascendingOrder(x);
  const t = performance.now(); const u0 = process.cpuUsage();
  for (let j = 0; j < 13; j++) { const w = j / 20; const f = x.map((s, i) => (1 - w) * s + w * e[i]!); kendallTauB(x, f, o); }
  const u = process.cpuUsage(u0);
  console.log('13 x kendall 50k', Math.round(performance.now() - t), 'cpu', Math.round((u.user + u.system) / 1000));
}
