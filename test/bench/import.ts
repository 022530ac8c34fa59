/**
 * Benchmark: import of a flat participation CSV (1,000,000 × scale rows;
 * the 10,000,000 rows is scale 10). Measures Sotong's import (rows/s,
 * peak RSS) and, in the same run, a bare DuckDB
 * `CREATE TABLE AS SELECT * FROM read_csv(...)` of the same file; prints the
 * ratio, and the latency of a `sql` query issued while the import runs.
 * Figures only: no timing is asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Engine } from '../../src-main/engine/engine';

const CHANNELS = ['forum', '포럼', 'committee', 'online', '온라인', 'neighborhood', 'youth', 'budgeting', 'workshop'];
const ROLES = ['host', 'facilitator', 'presenter', 'participant', 'responder'];
const OUTCOMES = ['none', 'recorded', 'recommendation', 'adopted'];
const GROUPS = ['residents', 'residents;ngo', 'youth', 'experts;private_sector', 'ngo'];

/** ~10 staff per event, events spread over 2006..2024. Deterministic. */
async function writeCsv(file: string, rows: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('event_id,occurred_on,channel,program,citizens_reached,stakeholder_groups,outcome,employee_id,department_id,role,hours\n');
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const ev = Math.floor(i / 10);
    const day = ev % 6900;
    const d = new Date(Date.UTC(2006, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    buf += `EV${ev},${d},${CHANNELS[ev % CHANNELS.length]},Program ${ev % 97},${(ev * 37) % 500},${GROUPS[ev % GROUPS.length]},${OUTCOMES[ev % 4]},E${(i * 7919) % 25_000},D${ev % 30},${ROLES[i % 5]},${(i % 8) * 0.5}\n`;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((r) => out.end(() => r()));
}

export async function run(opts: { scale: number; log: (line: string) => void }): Promise<Record<string, unknown>> {
  const rows = Math.round(1_000_000 * opts.scale);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-import-'));
  try {
    const csv = path.join(dir, 'participations.csv');
    let t = Date.now();
    await writeCsv(csv, rows);
    const bytes = fs.statSync(csv).size;
    opts.log(`generated ${rows} rows, ${(bytes / 1e6).toFixed(0)} MB in ${Date.now() - t} ms`);

    // Baseline: bare DuckDB, its own database file, default settings.
    const inst = await DuckDBInstance.create(path.join(dir, 'bare.duckdb'));
    const conn = await inst.connect();
    t = performance.now();
    await conn.run(`CREATE TABLE t AS SELECT * FROM read_csv('${csv.replaceAll("'", "''")}')`);
    const bareMs = performance.now() - t;
    conn.closeSync();
    inst.closeSync();
    opts.log(`bare DuckDB CTAS read_csv: ${bareMs.toFixed(0)} ms (${Math.round(rows / (bareMs / 1000))} rows/s)`);

    const engine = await Engine.open(path.join(dir, 'w.duckdb'), { create: true });
    try {
      const api = engine.api();
      t = performance.now();
      const start = await api.importStart({ path: csv });
      if (!start.ok) throw new Error(start.error.message);
      // A query during the import: it must answer (on the last committed state).
      let queryMs = -1;
      const phases: string[] = [];
      let maxGapMs = 0;
      let last = performance.now();
      let lastBytes = -1;
      for (;;) {
        const s = await api.importStatus({ jobId: start.value.jobId });
        if (!s.ok) throw new Error(s.error.message);
        if (!phases.includes(s.value.phase)) phases.push(s.value.phase);
        const now = performance.now();
        if (s.value.bytesRead !== lastBytes || s.value.rowsRead !== 0) {
          maxGapMs = Math.max(maxGapMs, now - last);
          last = now;
          lastBytes = s.value.bytesRead;
        }
        if (queryMs < 0 && (s.value.phase === 'loading' || s.value.phase === 'validating')) {
          const q0 = performance.now();
          const q = await api.sql({ sql: 'SELECT count(*) AS n FROM participations' });
          queryMs = performance.now() - q0;
          if (!q.ok) throw new Error(q.error.message);
        }
        if (s.value.state !== 'running') {
          if (s.value.state !== 'done') throw new Error(`import ${s.value.state}: ${s.value.error?.message}`);
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const importMs = performance.now() - t;
      const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
      const ratio = importMs / bareMs;
      opts.log(`Sotong import: ${importMs.toFixed(0)} ms (${Math.round(rows / (importMs / 1000))} rows/s), phases ${phases.join(' → ')}`);
      opts.log(`ratio import / bare CTAS: ${ratio.toFixed(2)} (goal ≤ 2.0)`);
      opts.log(`peak RSS of this process: ${peakRssMb} MB (goal ≤ 2048)`);
      opts.log(`sql query during the import answered in ${queryMs.toFixed(0)} ms`);
      return {
        rows,
        bytes,
        bare_ms: Math.round(bareMs),
        import_ms: Math.round(importMs),
        import_rows_per_s: Math.round(rows / (importMs / 1000)),
        ratio: Number(ratio.toFixed(3)),
        peak_rss_mb: peakRssMb,
        query_during_import_ms: Math.round(queryMs),
      };
    } finally {
      await engine.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
