import fs from 'node:fs';
import { Engine } from './src-main/engine/engine';
const scale = Number(process.argv[2] ?? 1);
const file = process.argv[3]!;
fs.rmSync(file, { force: true });
const engine = await Engine.open(file, { create: true });
const nEmp = 50_000, nEv = 500_000 * scale, nPart = 2_000_000 * scale;
await engine.workspace.use('write', async (c) => {
  await c.run(`INSERT INTO departments SELECT 'D' || i, 'Dept ' || i, 'B' || (i % 20), NULL, NULL, NULL FROM range(300) t(i)`);
  await c.run(`INSERT INTO employees SELECT 'E' || lpad(i::VARCHAR, 6, '0'), 'D' || (hash(i) % 300), (1 + hash(i * 7) % 9) || '급', DATE '2010-01-01', NULL, NULL FROM range(${nEmp + 5000}) t(i)`);
  await c.run(`INSERT INTO events SELECT 'V' || i, DATE '2019-01-01' + (hash(i) % 365)::INTEGER, 'forum', 'P' || (i % 50), (hash(i*3) % 500)::INTEGER,
     [['residents','ngo','youth','experts','private_sector','other'][(1 + hash(i*5) % 6)::BIGINT], ['residents','ngo','youth','experts','private_sector','other'][(1 + hash(i*11) % 6)::BIGINT]],
     ['none','recorded','recommendation','adopted'][(1 + hash(i*13) % 4)::BIGINT], NULL, NULL FROM range(${nEv}) t(i)`);
  await c.run(`INSERT INTO participations SELECT ev, emp, dept, 'participant', (hash(i*17) % 8)::DOUBLE, NULL FROM (
     SELECT DISTINCT ON (ev, emp) i, 'V' || (hash(i) % ${nEv}) AS ev, 'E' || lpad((hash(i*19) % ${nEmp + 5000})::VARCHAR, 6, '0') AS emp,
       'D' || (hash(hash(i*19) % ${nEmp + 5000}) % 300) AS dept FROM range(${nPart}) t(i))`);
  await c.run(`INSERT INTO evaluations SELECT 'E' || lpad(i::VARCHAR, 6, '0'), '2019', (hash(i*23) % 1001) / 10.0, NULL FROM range(${nEmp}) t(i)`);
  await c.run('CHECKPOINT');
});
await engine.close();
