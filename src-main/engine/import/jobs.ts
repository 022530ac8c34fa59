/**
 * Imports as jobs, so that progress and cancel work the same over IPC, HTTP
 * and the CLI: `start` returns an id at once, `status` is polled (its
 * figures move with every staged chunk, and at least every 250 ms while
 * DuckDB works), `cancel` sets an abort flag checked between chunks and
 * statements and interrupts the running statement. A cancelled or failed
 * import rolls back: the workspace is as before. A job is done when its rows
 * are committed; `summaries` then follows the refresh of the derived tables
 * (the screens wait for it, nothing can cancel it).
 */
import crypto from 'node:crypto';
import type { ImportJobState, ImportOptions, ImportPhase, ImportReport, ImportStatus, SummariesStatus } from '../../common/importApi';
import { SotongError } from '../../common/result';
import type { Workspace } from '../workspace';
import { runImport, type ImportStep, type JobControl } from './run';

/** How many finished jobs are remembered for `status`. */
const KEEP_FINISHED = 50;

interface Job {
  id: string;
  state: ImportJobState;
  phase: ImportPhase;
  sourceName: string;
  started: number;
  ended?: number;
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
  aborted: boolean;
  control: JobControl;
  done: Promise<ImportReport>;
  report?: ImportReport;
  summaries?: SummariesStatus;
  error?: { code: string; message: string; details?: unknown };
}

export class ImportJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly ws: Workspace) {}

  /**
   * `done`: the report, once the rows are committed (or the import ended
   * otherwise); `settled`: the summaries' final status, once the derived
   * tables are refreshed too (undefined when the import wrote nothing they
   * are computed from). `onStep` receives the wall time of each step
   * (benchmarks).
   */
  start(
    opts: ImportOptions,
    observe: { onStep?: (step: ImportStep, ms: number) => void } = {},
  ): { jobId: string; done: Promise<ImportReport>; settled: Promise<SummariesStatus | undefined> } {
    this.ws.assertWritable();
    const id = `job-${crypto.randomUUID()}`;
    const job = {
      id,
      state: 'running',
      phase: 'queued',
      sourceName: opts.path.split(/[\\/]/).pop() ?? opts.path,
      started: Date.now(),
      bytesRead: 0,
      totalBytes: 0,
      rowsRead: 0,
      aborted: false,
    } as Job;
    job.control = {
      committing: false,
      setPhase: (p) => {
        job.phase = p;
      },
      onStage: (p) => {
        job.bytesRead = p.bytesRead;
        job.totalBytes = p.totalBytes;
        job.rowsRead = Math.max(0, p.rows - 1); // minus the header line
      },
      onRows: (n) => {
        job.rowsRead = n;
      },
      onSqlProgress: (pct) => {
        // While DuckDB reads the staged file, its progress stands for the bytes read.
        if (job.phase === 'loading' && job.totalBytes > 0 && pct > 0) job.bytesRead = Math.round((pct / 100) * job.totalBytes);
        // While the summaries are refreshed, it moves the bar within the running statement.
        const s = job.summaries;
        if (s?.state === 'updating' && s.steps > 0 && pct > 0) s.percent = Math.max(s.percent, (100 * (s.step + Math.min(pct, 100) / 100)) / s.steps);
      },
      isAborted: () => job.aborted,
      ...(observe.onStep ? { onStep: observe.onStep } : {}),
    };
    const finish = (report: ImportReport) => {
      if (job.state !== 'running') return;
      job.report = report;
      job.state = 'done';
      job.phase = 'finished';
      job.ended = Date.now();
    };
    let committed!: (report: ImportReport) => void;
    const atCommit = new Promise<ImportReport>((resolve) => (committed = resolve));
    job.control.onCommitted = (report) => {
      finish(report);
      committed(report);
    };
    job.control.onSummaries = (s) => {
      job.summaries = s;
    };
    const whole = runImport(this.ws, opts, job.control)
      .then((report) => {
        finish(report);
        return report;
      })
      .catch((e: unknown) => {
        // After the commit nothing throws (a failed refresh is in `summaries`): this is an import that did not commit.
        if (job.state === 'done') return job.report!;
        const err = toJobError(e, job.aborted);
        job.error = err;
        job.state = err.code === 'CANCELLED' ? 'cancelled' : 'failed';
        const details = err.details as { report?: ImportReport } | undefined;
        if (details?.report) job.report = details.report;
        throw new SotongError(err.code as never, err.message, err.details);
      })
      .finally(() => {
        job.phase = 'finished';
        job.ended ??= Date.now();
        this.prune();
      });
    job.done = Promise.race([atCommit, whole]);
    job.done.catch(() => undefined); // observed through status or the caller
    this.jobs.set(id, job);
    return { jobId: id, done: job.done, settled: whole.then(() => job.summaries, () => job.summaries) };
  }

  status(jobId: string): ImportStatus {
    const job = this.get(jobId);
    const elapsedMs = (job.ended ?? Date.now()) - job.started;
    return {
      jobId,
      state: job.state,
      phase: job.phase,
      source_name: job.sourceName,
      bytesRead: job.bytesRead,
      totalBytes: job.totalBytes,
      rowsRead: job.report?.rows_read ?? job.rowsRead,
      rowsPerSecond: elapsedMs > 0 ? Math.round(((job.report?.rows_read ?? job.rowsRead) * 1000) / elapsedMs) : 0,
      elapsedMs,
      ...(job.report ? { report: job.report } : {}),
      ...(job.error ? { error: { code: job.error.code, message: job.error.message } } : {}),
      ...(job.summaries ? { summaries: { ...job.summaries } } : {}),
    };
  }

  cancel(jobId: string): { cancelled: boolean; state: ImportJobState } {
    const job = this.get(jobId);
    if (job.state !== 'running' || job.control.committing) return { cancelled: false, state: job.state };
    job.aborted = true;
    if (job.phase === 'loading' || job.phase === 'validating' || job.phase === 'committing') this.ws.interrupt('write');
    return { cancelled: true, state: job.state };
  }

  private get(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new SotongError('NOT_FOUND', `No import job ${jobId} (finished jobs are forgotten after a while, and when the workspace is closed).`);
    return job;
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.state !== 'running' && j.summaries?.state !== 'updating').sort((a, b) => (a.ended ?? 0) - (b.ended ?? 0));
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.id);
  }
}

function toJobError(e: unknown, aborted: boolean): { code: string; message: string; details?: unknown } {
  if (aborted) return { code: 'CANCELLED', message: 'Import cancelled: nothing was changed.' };
  if (e instanceof SotongError) return { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) };
  const message = e instanceof Error ? e.message : String(e);
  if (/interrupt/i.test(message)) return { code: 'CANCELLED', message: 'Import cancelled: nothing was changed.' };
  return { code: 'INTERNAL', message: `Import failed, nothing was changed: ${message}` };
}
