/**
 * SQL console: a 10,000,000-row result (× scale) in a real workspace.
 * First page (200 rows) plain and sorted in the engine, a deep page, the
 * count, the full export to Parquet (goal: first page ≤ 300 ms, Parquet
 * ≤ 10 s), peak RSS; and the bare engine (the same page SQL on a plain
 * DuckDB connection) as the peer for what Sotong's layers cost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Engine } from '../../src-main/engine/engine';
import { peakRssMb, timeIt, type BenchOptions } from './run';

export async function run({ scale, log }: BenchOptions): Promise<Record<string, unknown>> {
  const rows = Math.round(10_000_000 * scale);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-sql-'));
  const engine = await Engine.open(path.join(dir, 'w.duckdb'), { create: true });
  const make = `SELECT range AS id, 'E' || lpad((range % 50000)::VARCHAR, 6, '0') AS employee_id, DATE '2006-01-01' + (range % 6900)::INTEGER AS occurred_on,
      (range % 97) / 4.0 AS hours, '청책토론회 (Cheong-Chek forum) ' || (range % 40) AS program FROM range(${rows})`;
  try {
    await engine.workspace.use('write', (conn) => conn.run(`CREATE TABLE bench_rows AS ${make}`));
    const api = engine.api();
    const sql = 'SELECT * FROM bench_rows';
    const page = async (req: Parameters<typeof api.sqlPage>[0]) => {
      const r = await api.sqlPage(req);
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const first = await timeIt(() => page({ sql, offset: 0, limit: 200 }));
    const sorted = await timeIt(() => page({ sql, offset: 0, limit: 200, sort: { column: 'hours', descending: true } }));
    const deep = await timeIt(() => page({ sql, offset: Math.floor(rows / 2), limit: 200 }), 3);
    const count = await timeIt(async () => {
      const r = await api.sqlCount({ sql });
      if (!r.ok || r.value.rows !== rows) throw new Error('count mismatch');
    }, 3);
    const target = path.join(dir, 'out.parquet');
    const parquet = await timeIt(async () => {
      const r = await api.sqlExport({ sql, format: 'parquet', path: target });
      if (!r.ok) throw new Error(r.error.message);
    }, 3);
    const parquetMb = fs.statSync(target).size / 2 ** 20;
    const rss = peakRssMb();

    // Peer: the bare engine, the same page on a plain in-memory DuckDB connection.
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(`CREATE TABLE bench_rows AS ${make}`);
    const bare = await timeIt(async () => (await conn.runAndReadAll('SELECT * FROM (SELECT * FROM bench_rows) LIMIT 200 OFFSET 0')).getRows());
    conn.closeSync();
    instance.closeSync();

    log(`${rows.toLocaleString()} rows × 5 columns in a workspace:`);
    log(`  first page (200 rows): ${first.median.toFixed(1)} ms (min ${first.min.toFixed(1)}, max ${first.max.toFixed(1)}; goal ≤ 300 ms); bare engine ${bare.median.toFixed(1)} ms`);
    log(`  first page sorted by hours DESC in the engine: ${sorted.median.toFixed(0)} ms; page at offset ${Math.floor(rows / 2).toLocaleString()}: ${deep.median.toFixed(0)} ms; count: ${count.median.toFixed(0)} ms`);
    log(`  whole result → Parquet: ${(parquet.median / 1000).toFixed(2)} s (min ${(parquet.min / 1000).toFixed(2)}, max ${(parquet.max / 1000).toFixed(2)}; goal ≤ 10 s), ${parquetMb.toFixed(0)} MiB`);
    log(`  peak RSS ${rss.toFixed(0)} MB`);
    return {
      rows,
      first_page_ms: first.median,
      first_page_min_ms: first.min,
      first_page_max_ms: first.max,
      bare_engine_page_ms: bare.median,
      layers_ratio: first.median / bare.median,
      sorted_first_page_ms: sorted.median,
      deep_page_ms: deep.median,
      count_ms: count.median,
      parquet_export_s: parquet.median / 1000,
      parquet_export_min_s: parquet.min / 1000,
      parquet_export_max_s: parquet.max / 1000,
      parquet_mib: parquetMb,
      peak_rss_mb: rss,
    };
  } finally {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
