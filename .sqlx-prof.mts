import { DuckDBInstance } from '@duckdb/node-api';
import { resultToArrow } from './src-main/engine/arrow';
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
await conn.run(`CREATE TABLE t AS SELECT range::INTEGER AS i, range AS b, range / 3.0 AS d, 'E' || lpad((range % 50000)::VARCHAR, 6, '0') AS employee_id,
    DATE '2006-01-01' + (range % 6900)::INTEGER AS occurred_on, '청책토론회 (Cheong-Chek forum) ' || (range % 40) AS program FROM range(500000)`);
for (const cols of ['i, b, d, occurred_on', 'employee_id', 'program', '*']) {
  const sql = `SELECT ${cols} FROM t`;
  await resultToArrow(await conn.stream(sql));
  let t0 = performance.now();
  for (let k=0;k<3;k++) await resultToArrow(await conn.stream(sql));
  const a = (performance.now()-t0)/3;
  t0 = performance.now();
  for (let k=0;k<3;k++) { const r = await conn.stream(sql); while (true) { const c = await r.fetchChunk(); if (!c || c.rowCount===0) break; } }
  const b = (performance.now()-t0)/3;
  console.log(cols, 'arrow', a.toFixed(0), 'fetch only', b.toFixed(0));
}
