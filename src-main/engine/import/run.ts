/**
 * One import, start to end: detect → stage (link or copy; transcode) → map →
 * one read of the file into a normalized temp table (while the staged bytes
 * are hashed and checked, and looked up among earlier imports: nothing is
 * decided before that verdict) → validate → one transaction on the write
 * lane: rows and import record (or nothing at all); then, in a transaction of
 * its own, the derived tables (derived.ts commitThenRefresh: the report is
 * final at the first commit, the screens' reads wait for the second). Temp
 * tables and the staged file are removed whatever happens.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SotongError } from '../../common/result';
import { IMPORT_KINDS, KIND_FIELDS, type ColumnMapping, type ImportEncoding, type ImportFormat, type ImportKind, type ImportOptions, type ImportPhase, type ImportPreview, type ImportReport, type SummariesStatus } from '../../common/importApi';
import type { Workspace } from '../workspace';
import { beforeIncrementalRefresh, commitThenRefresh, markDerivedStale, refreshAfterWrite, refreshesDerived } from '../derived';
import { hmacPads } from '../secrets';
import { decodeSample, detectEncoding, detectFormat, parseHeader, readSample } from './detect';
import { dropTemp, importSource, loadRaw, structuralProblems } from './load';
import { autoMapping, detectKind, missingRequired, resolveMapping } from './mapping';
import { abortError, stageFile, stageStart, type StageProgress } from './stage';
import { buildEvents, collectProblems, createProblems, duplicateKeys, flagRows, loadNorm, mapValues, rowProblems } from './validate';
import { acceptedStats, findConflicts, nonZero, TOUCHED_EVENTS, writeRows } from './commit';
import { commitOrRollback, rollback } from '../transaction';

export interface JobControl {
  setPhase(phase: ImportPhase): void;
  onStage(p: StageProgress): void;
  onRows(rows: number): void;
  /** DuckDB's progress of the running statement, in percent. */
  onSqlProgress(percent: number): void;
  isAborted(): boolean;
  /** True once the commit began: a cancel can no longer stop it. */
  committing: boolean;
  /** Wall time of each step (stage, load, validate, write, commit, derived), for benchmarks. */
  onStep?(step: ImportStep, ms: number): void;
  /** The rows are committed: the report is final (the derived tables' refresh follows). */
  onCommitted?(report: ImportReport): void;
  /** The refresh of the derived tables after the commit. */
  onSummaries?(summaries: SummariesStatus): void;
}

/**
 * Steps timed for benchmarks, in order; `verify` (hash and checks of the staged file) overlaps `load`, and is
 * timed from the start; `derived` (the refresh after the commit) follows `commit`.
 */
export type ImportStep = 'stage' | 'verify' | 'load' | 'validate' | 'write' | 'commit' | 'derived';

interface Source {
  file: string;
  name: string;
  format: ImportFormat;
  encoding: ImportEncoding | null;
}

function inspect(file: string, encoding?: ImportEncoding): Source {
  const abs = path.resolve(file);
  let size: number;
  try {
    const st = fs.statSync(abs);
    if (st.isDirectory()) throw new SotongError('VALIDATION', `${abs} is a folder, not a file.`);
    size = st.size;
  } catch (e) {
    if (e instanceof SotongError) throw e;
    throw new SotongError('NOT_FOUND', `No file at ${abs}.`);
  }
  const name = path.basename(abs);
  if (size === 0) throw new SotongError('VALIDATION', `${name} is empty (0 bytes): there is nothing to import.`);
  const sample = readSample(abs);
  const format = detectFormat(abs, sample);
  let enc: ImportEncoding | null = null;
  if (format === 'csv' || format === 'json') enc = encoding ?? detectEncoding(sample, name).encoding;
  return { file: abs, name, format, encoding: enc };
}

/** Header names and delimiter of a staged (UTF-8) CSV, or of the CSV staged from XLSX. */
function stagedHeader(staged: string, format: ImportFormat, delimiter: string | undefined, name: string): { delimiter: string; names: string[] } | null {
  if (format !== 'csv' && format !== 'xlsx') return null;
  const text = decodeSample(readSample(staged, 1024 * 1024), 'utf-8');
  if (text.trim() === '') throw new SotongError('VALIDATION', `${name} has no header row and no data: there is nothing to import.`);
  const header = parseHeader(text, format === 'xlsx' ? ',' : delimiter);
  const names = format === 'xlsx' ? header.names.slice(1) : header.names;
  if (names.every((n) => n === '')) throw new SotongError('VALIDATION', `${name}: the first line is empty; the first line must be the header with the column names.`);
  return { delimiter: header.delimiter, names };
}

export async function previewImport(ws: Workspace, req: { path: string; kind?: ImportKind; encoding?: ImportEncoding; sheet?: string; delimiter?: string }): Promise<ImportPreview> {
  const src = inspect(req.path, req.encoding);
  const partial = src.format === 'csv';
  const staged = await stageFile(src.file, ws.stagingDir, {
    format: src.format,
    encoding: src.encoding,
    ...(req.sheet ? { sheet: req.sheet } : {}),
    ...(partial ? { limitBytes: 512 * 1024 } : {}),
    ...(src.format === 'xlsx' ? { limitRows: 20 } : {}),
  });
  try {
    if (partial) {
      // Only the start of the file was staged: cut it after its last complete line.
      const buf = fs.readFileSync(staged.file);
      const cut = buf.lastIndexOf(10);
      if (staged.bytes < fs.statSync(src.file).size && cut !== -1) fs.writeFileSync(staged.file, buf.subarray(0, cut + 1));
    }
    const header = stagedHeader(staged.file, src.format, req.delimiter, src.name);
    return await ws.use('write', async (conn) => {
      await dropTemp(conn);
      try {
        const loaded = await loadRaw(conn, staged.file, src.format, header);
        const detected = detectKind(loaded.names);
        const kind = req.kind ?? detected.kind;
        const mapping = autoMapping(kind, loaded.names);
        const cols = loaded.names.map((_, i) => `c${i + loaded.firstColumn}`).join(', ');
        const rows = cols
          ? (await conn.runAndReadAll(`SELECT ${cols} FROM imp_raw ORDER BY rowid LIMIT 20`)).getRows().map((r) => r.map((v) => (v === null ? null : String(v))))
          : [];
        const warnings: string[] = [];
        const unmapped = mapping.filter((m) => !m.field).map((m) => m.source);
        if (unmapped.length) warnings.push(`Not imported (no matching field): ${unmapped.join(', ')}.`);
        const dup = loaded.names.filter((n, i) => loaded.names.indexOf(n) !== i);
        if (dup.length) warnings.push(`Column names appear twice: ${[...new Set(dup)].join(', ')}.`);
        if (!req.kind && detected.scores[kind] === 0) warnings.push('No column matched a known field: is the first row the header?');
        return {
          format: src.format,
          encoding: src.encoding,
          delimiter: header && src.format === 'csv' ? header.delimiter : null,
          sheet: staged.sheet,
          kind,
          kindScores: detected.scores,
          columns: loaded.names,
          mapping,
          unmapped,
          missingRequired: missingRequired(kind, mapping),
          fields: [...KIND_FIELDS[kind]],
          rows,
          warnings,
        };
      } finally {
        await dropTemp(conn);
      }
    });
  } finally {
    fs.rmSync(staged.file, { force: true });
  }
}

function newImportId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `imp-${t}-${crypto.randomBytes(3).toString('hex')}`;
}

function emptyReport(src: Source, opts: ImportOptions, sha256: string, kind: ImportKind, mapping: ColumnMapping[]): ImportReport {
  return {
    import_id: null,
    status: 'rejected',
    source_name: src.name,
    sha256,
    format: src.format,
    encoding: src.encoding,
    kind,
    on_error: opts.onError,
    on_conflict: opts.onConflict,
    mapping,
    rows_read: 0,
    rows_accepted: 0,
    rows_rejected: 0,
    rows_defaulted: 0,
    defaulted: {},
    mapped_to_other: {},
    inserted: {},
    replaced: {},
    warnings: [],
    problem_count: 0,
    problems: [],
    duplicate_of: null,
    elapsed_ms: 0,
  };
}

export function rejection(report: ImportReport, started?: number): SotongError {
  if (started !== undefined) report.elapsed_ms = Date.now() - started;
  const first = report.problems[0];
  const where = first ? ` First: row ${first.row}, ${first.column || 'line'}: ${first.reason}.` : '';
  return new SotongError(
    'IMPORT_REJECTED',
    `${report.source_name} was not imported: ${report.problem_count} problem(s) in ${report.rows_rejected} row(s); the workspace is unchanged.${where}`,
    { report },
  );
}

export async function runImport(ws: Workspace, opts: ImportOptions, job: JobControl): Promise<ImportReport> {
  const started = Date.now();
  const t0 = performance.now();
  let mark = t0;
  const lap = (step: ImportStep) => {
    const now = performance.now();
    job.onStep?.(step, now - mark);
    mark = now;
  };
  const PHASES: ImportPhase[] = ['staging', 'loading', 'validating', 'committing'];
  let phase: ImportPhase = 'staging';
  const advance = (p: ImportPhase) => {
    if (PHASES.indexOf(p) <= PHASES.indexOf(phase)) return;
    phase = p;
    job.setPhase(p);
  };
  ws.assertWritable();
  const src = inspect(opts.path, opts.encoding);
  job.setPhase('staging');
  const staging = await stageStart(src.file, ws.stagingDir, {
    format: src.format,
    encoding: src.encoding,
    ...(opts.sheet ? { sheet: opts.sheet } : {}),
    onProgress: (p) => job.onStage(p),
    isAborted: () => job.isAborted(),
  });
  // The staged bytes are verified (SHA-256, UTF-8, not still being written)
  // and looked up among earlier imports while DuckDB already reads them. No
  // outcome is reported before that verdict, and a negative one (invalid,
  // cancelled, imported before) interrupts the read at once.
  let reading = false;
  let stopped = false;
  const verdict = staging.verified.then(async (staged) => {
    const row = await ws.use('read', async (conn) =>
      (await conn.runAndReadAll('SELECT import_id FROM imports WHERE sha256 = $1 ORDER BY imported_at LIMIT 1', [staged.sha256])).getRowObjectsJS()[0],
    );
    job.onStep?.('verify', performance.now() - t0);
    return { staged, previous: row ? String(row.import_id) : null };
  });
  verdict.then(
    (v) => {
      if (!v.previous) return advance('loading');
      stopped = true;
      if (reading) ws.interrupt('write');
    },
    () => {
      stopped = true;
      if (reading) ws.interrupt('write');
    },
  );
  const duplicate = (staged: { sha256: string }, previous: string): ImportReport => {
    const report = emptyReport(src, opts, staged.sha256, opts.kind ?? 'participations', []);
    report.status = 'duplicate';
    report.duplicate_of = previous;
    report.warnings.push(`This file (SHA-256 ${staged.sha256.slice(0, 12)}…) was already imported as ${previous}: nothing was added.`);
    report.elapsed_ms = Date.now() - started;
    return report;
  };
  const aborted = () => job.isAborted() || stopped;
  try {
    const header = stagedHeader(staging.file, src.format, opts.delimiter, src.name);
    if (aborted()) throw abortError();
    lap('stage');
    return await ws.use('write', async (conn) => {
      reading = true;
      const step = async <T>(p: Promise<T>): Promise<T> => {
        const v = await p;
        if (aborted()) throw abortError();
        return v;
      };
      await dropTemp(conn);
      // Progress at least every 250 ms while a long statement runs.
      const timer = setInterval(() => {
        try {
          job.onSqlProgress(conn.progress.percentage);
        } catch {
          // no statement running
        }
      }, 200);
      try {
        if (aborted()) throw abortError();
        const source = await step(importSource(conn, staging.file, src.format, header));
        const kind = opts.kind ?? detectKind(source.names).kind;
        if (!IMPORT_KINDS.includes(kind)) throw new SotongError('VALIDATION', `Unknown kind ${kind}.`);
        const mapping = resolveMapping(kind, source.names, opts.mapping ?? {});
        const missing = missingRequired(kind, mapping);
        if (missing.length) {
          throw new SotongError(
            'VALIDATION',
            `${src.name} cannot be imported as ${kind}: no column maps to ${missing.join(', ')} (columns: ${source.names.join(', ')}). Map a column to it (--map source=field).`,
            { missing, columns: source.names },
          );
        }
        const secret = opts.pseudonymize ? hmacPads(ws.pseudonymSecret()) : null;
        // One read of the file: parsed, checked and normalized on the way in.
        const norm = await step(loadNorm(conn, staging.file, { kind, mapping, source, secret }));
        const { staged, previous } = await verdict;
        if (previous) return duplicate(staged, previous);
        advance('loading');
        const report = emptyReport(src, opts, staged.sha256, kind, mapping);
        report.rows_read = norm.rowsRead;
        job.onRows(norm.rowsRead);
        lap('load');
        advance('validating');
        const unmapped = mapping.filter((m) => !m.field).map((m) => m.source);
        if (unmapped.length) report.warnings.push(`Columns not imported (no matching field): ${unmapped.join(', ')}.`);
        if (norm.rowsRead === 0) {
          report.problem_count = 1;
          report.problems = [{ row: src.format === 'csv' || src.format === 'xlsx' ? 2 : 1, column: '', value: null, reason: 'the file has a header but no data rows' }];
          throw rejection(report, started);
        }
        await step(mapValues(conn, norm));
        report.warnings.push(...norm.warnings);
        report.mapped_to_other = norm.mappedToOther;
        await createProblems(conn);
        await step(rowProblems(conn, norm));
        if (norm.structuralRows > 0) await step(structuralProblems(conn, source.names));
        if (kind === 'participations') {
          // Keys repeated in the file, then events whose rows disagree. Rows
          // removed after imp_ev was built: in skip mode, rebuild it from the
          // rows that remain (before comparing events with the workspace's).
          const inconsistent = await step(buildEvents(conn, norm, true));
          if (inconsistent > 0 && opts.onError === 'skip') await step(buildEvents(conn, norm, false));
          const conflicts = await step(findConflicts(conn, norm, opts.onConflict));
          if (conflicts > 0) {
            await flagRows(conn);
            if (opts.onError === 'skip') await step(buildEvents(conn, norm, false));
          }
        } else {
          await step(duplicateKeys(conn, norm));
          const conflicts = await step(findConflicts(conn, norm, opts.onConflict));
          if (conflicts > 0) await flagRows(conn);
        }
        const problems = await step(collectProblems(conn, norm));
        report.problem_count = problems.count;
        report.problems = problems.problems;
        report.rows_rejected = problems.rows;
        if (problems.count > 0 && opts.onError === 'reject') throw rejection(report, started);
        report.rows_accepted = report.rows_read - report.rows_rejected;
        if (report.rows_accepted === 0) throw rejection(report, started);
        const stats = await step(acceptedStats(conn, norm));
        report.defaulted = stats.defaulted;
        report.rows_defaulted = stats.rowsDefaulted;
        report.warnings.push(...stats.warnings);
        lap('validate');

        advance('committing');
        // A linked source must not have changed while DuckDB read it.
        staging.assertUnchanged();
        const importId = newImportId();
        await conn.run('BEGIN TRANSACTION');
        let stale = { alreadyStale: false };
        try {
          // A participations import refreshes only the events it touched (derived.ts).
          if (kind === 'participations') await beforeIncrementalRefresh(conn);
          const written = await writeRows(conn, norm, importId, opts.onConflict);
          report.import_id = importId;
          report.status = 'committed';
          report.inserted = written.inserted;
          report.replaced = nonZero(written.replaced);
          report.elapsed_ms = Date.now() - started;
          await conn.run(
            `INSERT INTO imports (import_id, source_name, sha256, format, kind, rows_read, rows_accepted, rows_rejected, imported_at, report)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, current_timestamp::TIMESTAMP, $9::JSON)`,
            [importId, src.name, report.sha256, src.format, kind, report.rows_read, report.rows_accepted, report.rows_rejected, JSON.stringify(report)],
          );
          // The derived tables lag these rows until the refresh after the commit.
          if (refreshesDerived(kind)) stale = await markDerivedStale(conn, `import ${importId}`);
          if (job.isAborted()) throw abortError();
          lap('write');
          job.committing = true;
        } catch (e) {
          await rollback(conn);
          throw e;
        }
        const committed = async () => {
          lap('commit');
          if (refreshesDerived(kind)) job.onSummaries?.({ state: 'updating', step: 0, steps: 0, percent: 0 });
          job.onCommitted?.(report);
          // The import's temp tables are not needed any more: free their memory before the refresh.
          await dropTemp(conn).catch(() => undefined);
        };
        if (!refreshesDerived(kind)) {
          await commitOrRollback(conn);
          await committed();
          return report;
        }
        // Committed, then the derived tables (the screens' reads wait for them).
        const outcome = await commitThenRefresh(conn, {
          holdReads: () => ws.holdReads(),
          afterCommit: committed,
          refresh: (c, onProgress) =>
            refreshAfterWrite(c, { kind, alreadyStale: stale.alreadyStale, ...(kind === 'participations' ? { touched: TOUCHED_EVENTS } : {}) }, onProgress),
          onProgress: (step, steps) => job.onSummaries?.({ state: 'updating', step, steps, percent: steps > 0 ? (100 * step) / steps : 0 }),
        });
        lap('derived');
        job.onSummaries?.(
          outcome.ok
            ? { state: 'ready', step: 1, steps: 1, percent: 100 }
            : {
                state: 'failed',
                step: 0,
                steps: 1,
                percent: 0,
                message: `The import is saved, but the summaries the screens read could not be updated (${outcome.message}). They are rebuilt when the workspace is next opened.`,
              },
        );
        return report;
      } finally {
        clearInterval(timer);
        reading = false;
        await dropTemp(conn).catch(() => undefined);
        await conn.run(`DROP TABLE IF EXISTS temp.${TOUCHED_EVENTS}`).catch(() => undefined);
      }
    });
  } catch (e) {
    // A failed verification is the error to report (it may be what stopped
    // the read), and a file imported before is reported as such.
    const { staged, previous } = await verdict;
    if (previous) return duplicate(staged, previous);
    throw e;
  } finally {
    fs.rmSync(staging.file, { force: true });
  }
}
