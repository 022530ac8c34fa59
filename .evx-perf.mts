import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { Engine } from './src-main/engine/engine';
const scale = Number(process.argv[2] ?? 1);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evx-perf-'));
const engine = await Engine.open(path.join(dir, 'w.duckdb'), { create: true });
const nEmp = 50_000, nEv = 500_000 * scale, nPart = 2_000_000 * scale;
let t = performance.now();
await engine.workspace.use('write', async (c) => {
  await c.run(`INSERT INTO departments SELECT 'D' || i, 'Dept ' || i, 'B' || (i % 20), NULL, NULL, NULL FROM range(300) t(i)`);
  await c.run(`INSERT INTO employees SELECT 'E' || lpad(i::VARCHAR, 6, '0'), 'D' || (hash(i) % 300), (1 + hash(i * 7) % 9) || '급', DATE '2010-01-01', NULL, NULL FROM range(${nEmp + 5000}) t(i)`);
  await c.run(`INSERT INTO events SELECT 'V' || i, DATE '2019-01-01' + (hash(i) % 365)::INTEGER, 'forum', 'P' || (i % 50), (hash(i*3) % 500)::INTEGER,
     [['residents','ngo','youth','experts','private_sector','other'][(1 + hash(i*5) % 6)::BIGINT], ['residents','ngo','youth','experts','private_sector','other'][(1 + hash(i*11) % 6)::BIGINT]],
     ['none','recorded','recommendation','adopted'][(1 + hash(i*13) % 4)::BIGINT], NULL, NULL FROM range(${nEv}) t(i)`);
  await c.run(`INSERT INTO participations SELECT DISTINCT ON (ev, emp) ev, emp, NULL, 'participant', (hash(i*17) % 8)::DOUBLE, NULL FROM (
     SELECT i, 'V' || (hash(i) % ${nEv}) AS ev, 'E' || lpad((hash(i*19) % ${nEmp + 5000})::VARCHAR, 6, '0') AS emp FROM range(${nPart}) t(i))`);
  await c.run(`UPDATE participations p SET department_id = e.department_id FROM employees e WHERE e.employee_id = p.employee_id`);
  await c.run(`INSERT INTO evaluations SELECT 'E' || lpad(i::VARCHAR, 6, '0'), '2019', (hash(i*23) % 1001) / 10.0, NULL FROM range(${nEmp}) t(i)`);
  await c.run('CHECKPOINT');
});
console.error('generated in', Math.round(performance.now() - t), 'ms');
const api = engine.api();
const time = async (label: string, f: () => Promise<unknown>) => { const t0 = performance.now(); const u0 = process.cpuUsage(); const r = await f() as { ok: boolean; error?: unknown }; if (!r.ok) console.error(r.error); const u = process.cpuUsage(u0); console.error(label, Math.round(performance.now() - t0), "ms wall", Math.round((u.user + u.system) / 1000), "ms cpu"); };
await time('evaluate cold (first page 100)', () => api.evaluate({ period: '2019', limit: 100 }));
await time('summary (sensitivity, cold)', () => api.evaluationSummary({ period: '2019' }));
for (const w of [0.45, 0.5, 0.3]) {
  await time(`slider w=${w}: page + summary`, async () => { await api.evaluate({ period: '2019', weight: w, limit: 100, sort: { column: 'composite', direction: 'desc' } }); return api.evaluationSummary({ period: '2019', weight: w }); });
}
await time('evaluate all 50k rows (warm)', () => api.evaluate({ period: '2019' }));
await time('explain', () => api.explainEmployee({ period: '2019', employeeId: 'E000123' }));
await time('new weights summary', () => api.evaluationSummary({ period: '2019', weights: { hours: 0.5, events: 0.1, reach: 0.1, outcomes: 0.1, diversity: 0.1, cross: 0.1 } }));
// bare SQL of the components for the ratio
const { from, to } = { from: '2019-01-01', to: '2019-12-31' };
await engine.workspace.use('write', async () => undefined); // invalidate
await time('evaluate cold again', () => api.evaluate({ period: '2019', limit: 100 }));
await engine.close();
fs.rmSync(dir, { recursive: true, force: true });
void from; void to;
