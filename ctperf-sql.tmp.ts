import { DuckDBInstance } from '@duckdb/node-api';
async function go() {
  const inst = await DuckDBInstance.create(process.argv[2]!, { access_mode: 'READ_ONLY' });
  const c = await inst.connect();
  for (const sql of process.argv.slice(3)) {
    const ts: number[] = [];
    let n = 0;
    for (let i = 0; i < 3; i++) { const t0 = performance.now(); const r = await c.runAndReadAll(sql); n = r.currentRowCount; ts.push(performance.now() - t0); }
    process.stdout.write(`${ts.map((t) => t.toFixed(0)).join(', ')} ms, ${n} rows: ${sql.slice(0, 150).replace(/\s+/g, ' ')}\n`);
  }
}
void go();
