/**
 * Arrow encoding: Sotong's column-wise path (vectors copied out of DuckDB)
 * against the obvious one (one JS value per cell, then Arrow builders), on
 * the same 1,000,000 × 6 result (× scale).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { resultToArrow } from '../../src-main/engine/arrow';
import { peakRssMb, timeIt, type BenchOptions } from './run';

export async function run({ scale, log }: BenchOptions): Promise<Record<string, unknown>> {
  const rows = Math.round(1_000_000 * scale);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`CREATE TABLE t AS SELECT range::INTEGER AS i, range AS b, range / 3.0 AS d, 'E' || lpad((range % 50000)::VARCHAR, 6, '0') AS employee_id,
    DATE '2006-01-01' + (range % 6900)::INTEGER AS occurred_on, '청책토론회 (Cheong-Chek forum) ' || (range % 40) AS program FROM range(${rows})`);
  const sql = 'SELECT * FROM t';
  const fast = await timeIt(async () => (await resultToArrow(await conn.stream(sql))).bytes);
  const fastRss = peakRssMb();
  const slow = await timeIt(async () => {
    const reader = await conn.runAndReadAll(sql);
    const cols = reader.getColumnsObjectJS() as Record<string, unknown[]>;
    return tableToIPC(tableFromArrays(cols as Parameters<typeof tableFromArrays>[0]));
  }, 3);
  const ratio = slow.median / fast.median;
  log(`${rows.toLocaleString()} rows × 6 columns → Arrow IPC: fast path ${fast.median.toFixed(0)} ms (min ${fast.min.toFixed(0)}, max ${fast.max.toFixed(0)}), JS values ${slow.median.toFixed(0)} ms; ${ratio.toFixed(1)}× faster (goal ≥ 5×)`);
  conn.closeSync();
  instance.closeSync();
  log(`peak RSS after the fast path ${fastRss.toFixed(0)} MB, after JS values ${peakRssMb().toFixed(0)} MB`);
  return { rows, fast_peak_rss_mb: fastRss, js_values_peak_rss_mb: peakRssMb(), fast_ms: fast.median, fast_min_ms: fast.min, fast_max_ms: fast.max, js_values_ms: slow.median, speedup: ratio };
}
