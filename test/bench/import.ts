/**
 * Benchmark: import of a flat participation CSV (10,000,000 × scale rows,
 * ~0.5 GB at scale 1, the issue's size). Measures Sotong's import into an
 * empty workspace as a user experiences it (an import job, polled, with
 * `sql` queries issued while it runs), its steps (stage, load, validate,
 * write, derived refresh, commit), rows/s and peak RSS, and, in the same run,
 * a bare DuckDB `CREATE TABLE AS SELECT * FROM read_csv(...)` of the same
 * file (in a child process, before and after the import); prints the ratio
 * for the import committed and reported, and for the derived tables refreshed
 * after it (a first import pays a full rebuild of them; the screens wait for
 * it). Figures only: no timing is asserted.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Engine } from '../../src-main/engine/engine';
import { ImportJobs } from '../../src-main/engine/import/jobs';
import type { ImportStep } from '../../src-main/engine/import/run';

const CHANNELS = ['forum', '포럼', 'committee', 'online', '온라인', 'neighborhood', 'youth', 'budgeting', 'workshop'];
const ROLES = ['host', 'facilitator', 'presenter', 'participant', 'responder'];
const OUTCOMES = ['none', 'recorded', 'recommendation', 'adopted'];
const GROUPS = ['residents', 'residents;ngo', 'youth', 'experts;private_sector', 'ngo'];

/** ~10 staff per event, events spread over 2006..2024. Deterministic. */
export async function writeCsv(file: string, rows: number): Promise<void> {
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

/**
 * Bare DuckDB, its own database file, default settings, in a child process
 * (so that its memory is not counted in this process's peak RSS). Returns
 * the wall time of the CREATE TABLE AS.
 */
export async function bareCtas(csv: string, dir: string): Promise<number> {
  const file = path.join(dir, `bare-${process.hrtime.bigint()}.duckdb`);
  const script = `
    const { DuckDBInstance } = require(${JSON.stringify(createRequire(import.meta.url).resolve('@duckdb/node-api'))});
    (async () => {
      const inst = await DuckDBInstance.create(process.argv[1]);
      const conn = await inst.connect();
      const t = performance.now();
      await conn.run("CREATE TABLE t AS SELECT * FROM read_csv('" + process.argv[2].replaceAll("'", "''") + "')");
      process.stdout.write(String(performance.now() - t));
      conn.closeSync();
      inst.closeSync();
    })();`;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, file, csv]);
    return Number(stdout);
  } finally {
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}.wal`, { force: true });
  }
}

export interface ImportFigures {
  /** Until the job is done: the rows committed, the report final. */
  importMs: number;
  /** Until the derived tables are refreshed too (the screens' reads wait for them). */
  readyMs: number;
  steps: Partial<Record<ImportStep, number>>;
  phases: string[];
  /** Latencies of the `sql` queries issued one after another during the import, ms. */
  queries: number[];
  /** Largest event-loop delay during the import, ms. */
  eventLoopMaxMs: number;
  /** Largest RSS sampled during the import, MB, and during each step. */
  sampledRssMb: number;
  stepRssMb: Partial<Record<ImportStep, number>>;
}

/** Sotong's import of `csv` into a new workspace in `dir`: an import job, as the API's importStart/importStatus run it. */
export async function sotongImport(csv: string, dir: string): Promise<ImportFigures> {
  const engine = await Engine.open(path.join(dir, `w-${process.hrtime.bigint()}.duckdb`), { create: true });
  try {
    const api = engine.api();
    const jobs = new ImportJobs(engine.workspace);
    const steps: Partial<Record<ImportStep, number>> = {};
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    let sampledRss = 0;
    let stepRss = 0;
    const stepRssMb: Partial<Record<ImportStep, number>> = {};
    const sample = () => {
      const rss = process.memoryUsage.rss();
      sampledRss = Math.max(sampledRss, rss);
      stepRss = Math.max(stepRss, rss);
    };
    const rssTimer = setInterval(sample, 100);
    const t = performance.now();
    const onStep = (s: ImportStep, ms: number) => {
      steps[s] = ms;
      if (s === 'verify') return; // overlaps the others
      sample();
      stepRssMb[s] = Math.round(stepRss / 2 ** 20);
      stepRss = 0;
    };
    const { jobId, done, settled } = jobs.start({ path: csv, onError: 'reject', onConflict: 'reject', pseudonymize: false }, { onStep });
    // Queries during the import, one after another: each must answer (on the last committed state).
    const queries: number[] = [];
    let running = true;
    const querying = (async () => {
      while (running) {
        const q0 = performance.now();
        const q = await api.sql({ sql: 'SELECT count(*) AS n FROM participations' });
        if (!q.ok) throw new Error(q.error.message);
        if (running) queries.push(performance.now() - q0);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const phases: string[] = [];
    let importMs = 0;
    for (;;) {
      const s = jobs.status(jobId);
      if (!phases.includes(s.phase)) phases.push(s.phase);
      if (s.state !== 'running' && !importMs) {
        if (s.state !== 'done') throw new Error(`import ${s.state}: ${s.error?.message}`);
        importMs = performance.now() - t;
        phases.push('summaries');
      }
      if (importMs && s.summaries?.state !== 'updating') {
        if (s.summaries?.state === 'failed') throw new Error(s.summaries.message);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await done;
    await settled;
    const readyMs = performance.now() - t;
    running = false;
    await querying;
    clearInterval(rssTimer);
    loop.disable();
    return { importMs, readyMs, steps, phases, queries, eventLoopMaxMs: loop.max / 1e6, sampledRssMb: Math.round(sampledRss / 2 ** 20), stepRssMb };
  } finally {
    await engine.close();
  }
}

export async function run(opts: { scale: number; log: (line: string) => void }): Promise<Record<string, unknown>> {
  const rows = Math.round(10_000_000 * opts.scale);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-import-'));
  try {
    const csv = path.join(dir, 'participations.csv');
    const t = Date.now();
    await writeCsv(csv, rows);
    const bytes = fs.statSync(csv).size;
    opts.log(`generated ${rows} rows, ${(bytes / 1e6).toFixed(0)} MB in ${Date.now() - t} ms`);
    const rps = (ms: number) => Math.round(rows / (ms / 1000));

    // The bare read before and after Sotong's import (the machine may be shared: the mean is the reference).
    const bareBefore = await bareCtas(csv, dir);
    const s = await sotongImport(csv, dir);
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const bareAfter = await bareCtas(csv, dir);
    const bareMs = (bareBefore + bareAfter) / 2;
    opts.log(`bare DuckDB CTAS read_csv: ${bareBefore.toFixed(0)} ms before, ${bareAfter.toFixed(0)} ms after the import (mean ${rps(bareMs)} rows/s)`);

    const ratio = s.importMs / bareMs;
    const ratioReady = s.readyMs / bareMs;
    const stepText = Object.entries(s.steps)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ');
    const sorted = [...s.queries].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? -1;
    const max = sorted[sorted.length - 1] ?? -1;
    opts.log(`Sotong import, committed and reported: ${s.importMs.toFixed(0)} ms (${rps(s.importMs)} rows/s), phases ${s.phases.join(' → ')}`);
    opts.log(`  summaries (derived tables) refreshed after the commit: ready at ${s.readyMs.toFixed(0)} ms (${rps(s.readyMs)} rows/s)`);
    opts.log(`  steps (ms): ${stepText} (verify, from the start, overlaps stage and load)`);
    opts.log(`ratio import / bare CTAS: ${ratio.toFixed(2)} committed (goal ≤ 2.0), ${ratioReady.toFixed(2)} with the summaries ready`);
    opts.log(`peak RSS of this process: ${peakRssMb} MB (goal ≤ 2048); largest sampled per step (MB): ${Object.entries(s.stepRssMb).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    opts.log(`${s.queries.length} sql queries during the import: median ${median.toFixed(0)} ms, max ${max.toFixed(0)} ms; event loop delay max ${s.eventLoopMaxMs.toFixed(0)} ms`);
    return {
      rows,
      bytes,
      bare_ms: Math.round(bareMs),
      bare_before_ms: Math.round(bareBefore),
      bare_after_ms: Math.round(bareAfter),
      import_ms: Math.round(s.importMs),
      import_rows_per_s: rps(s.importMs),
      ready_ms: Math.round(s.readyMs),
      ...Object.fromEntries(Object.entries(s.steps).map(([k, v]) => [`step_${k}_ms`, Math.round(v)])),
      ratio: Number(ratio.toFixed(3)),
      ratio_ready: Number(ratioReady.toFixed(3)),
      peak_rss_mb: peakRssMb,
      queries_during_import: s.queries.length,
      query_during_import_median_ms: Math.round(median),
      query_during_import_max_ms: Math.round(max),
      event_loop_delay_max_ms: Math.round(s.eventLoopMaxMs),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
