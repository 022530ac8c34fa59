/**
 * Import: drop or choose files, check the detected kind, encoding and column
 * mapping against a preview, import with a progress bar (rows/s) and Cancel,
 * read the report (with its rejected rows as CSV) as soon as the rows are
 * saved, see the summaries the other screens read catch up, and undo past
 * imports.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportEncoding, ImportKind, ImportPreview, ImportReport, ImportStatus } from '../../src-main/common/importApi';
import { IMPORT_ENCODINGS, IMPORT_KINDS } from '../../src-main/common/importApi';
import { decodeTable, uploadFile, type DecodedTable } from '../api/client';
import { DataTable } from '../components/DataTable';
import { useErrors } from '../components/errors';
import { exportCsv } from '../components/exporters';
import { useApi } from '../components/useApi';
import { formatInt } from '../format';

/** Tells the header (and other screens) that the workspace's data changed. */
export const notifyDataChanged = () => window.dispatchEvent(new Event('sotong:data-changed'));

interface Pending {
  name: string;
  path: string;
  preview: ImportPreview;
  kind: ImportKind;
  encoding: ImportEncoding | undefined;
  mapping: Record<string, string | null>;
}

export function ImportScreen() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { report: reportError } = useErrors();
  const [pending, setPending] = useState<Pending>();
  const [onError, setOnError] = useState<'reject' | 'skip'>('reject');
  const [onConflict, setOnConflict] = useState<'reject' | 'upsert'>('reject');
  const [status, setStatus] = useState<ImportStatus>();
  const [report, setReport] = useState<ImportReport>();
  const [history, setHistory] = useState<DecodedTable>();
  const [dragging, setDragging] = useState(false);
  const [queue, setQueue] = useState<File[]>([]);
  const inputRef = useRef<HTMLInputElement>(null);

  const loadHistory = useCallback(async () => {
    const bytes = await api('listImports', {});
    if (bytes) setHistory(decodeTable(bytes));
  }, [api]);
  useEffect(() => void loadHistory(), [loadHistory]);

  const preview = useCallback(
    async (name: string, path: string, kind?: ImportKind, encoding?: ImportEncoding) => {
      const p = await api('importPreview', { path, ...(kind ? { kind } : {}), ...(encoding ? { encoding } : {}) });
      if (!p) return;
      setPending({ name, path, preview: p, kind: p.kind, encoding: encoding ?? p.encoding ?? undefined, mapping: Object.fromEntries(p.mapping.map((m) => [m.source, m.field])) });
      setReport(undefined);
    },
    [api],
  );

  const take = useCallback(
    async (files: File[]) => {
      const [first, ...rest] = files;
      setQueue(rest);
      if (!first) return;
      const up = await uploadFile(first);
      if (!up.ok) return reportError(up.error);
      await preview(first.name, up.value.path);
    },
    [preview, reportError],
  );

  // Files dropped anywhere on the window land here.
  useEffect(() => {
    const over = (e: DragEvent) => {
      e.preventDefault();
      setDragging(true);
    };
    const leave = () => setDragging(false);
    const drop = (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length) void take(files);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [take]);

  const start = async () => {
    if (!pending) return;
    const job = await api('importStart', { path: pending.path, kind: pending.kind, ...(pending.encoding ? { encoding: pending.encoding } : {}), mapping: pending.mapping, onError, onConflict });
    if (!job) return;
    let shown = false;
    for (;;) {
      const s = await api('importStatus', { jobId: job.jobId });
      if (!s) return;
      setStatus(s);
      if (s.state !== 'running' && !shown) {
        // The report is final at the commit; the summaries the screens read may still be updating.
        shown = true;
        if (s.report) setReport(s.report);
        if (s.error && s.state === 'failed' && !s.report) reportError({ code: s.error.code as never, message: s.error.message });
        setPending(undefined);
        notifyDataChanged();
      }
      if (shown && s.summaries?.state !== 'updating') {
        if (s.summaries?.state === 'failed') reportError({ code: 'INTERNAL', message: s.summaries.message ?? '' });
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    void loadHistory();
    if (queue.length) void take(queue);
  };

  const undo = async (importId: string) => {
    if (!window.confirm(t('import.undoConfirm', { id: importId }))) return;
    const r = await api('undoImport', { importId });
    if (r) {
      if (r.warning) reportError({ code: 'INTERNAL', message: r.warning });
      notifyDataChanged();
      void loadHistory();
    }
  };

  const running = status?.state === 'running';
  const pct = status && status.totalBytes > 0 ? Math.min(100, (100 * status.bytesRead) / status.totalBytes) : 0;

  return (
    <section className="screen" data-testid="screen-import">
      <h1>{t('screens.import.title')}</h1>
      <div className={`dropzone${dragging ? ' dragging' : ''}`} data-testid="dropzone" onClick={() => inputRef.current?.click()}>
        <p>{t('screens.import.empty')}</p>
        <button type="button" className="primary">
          {t('import.choose')}
        </button>
        <input ref={inputRef} type="file" multiple hidden data-testid="file-input" accept=".csv,.tsv,.txt,.xlsx,.parquet,.json,.ndjson,.jsonl" onChange={(e) => void take([...(e.target.files ?? [])])} />
      </div>

      {pending && (
        <div className="import-pending" data-testid="import-preview">
          <div className="section-title">
            <span>
              {pending.name} · {pending.preview.format.toUpperCase()}
              {pending.preview.delimiter ? ` · ${t('import.delimiter')} "${pending.preview.delimiter === '\t' ? 'TAB' : pending.preview.delimiter}"` : ''}
            </span>
          </div>
          <div className="import-options">
            <label>
              {t('import.kind')}
              <select value={pending.kind} data-testid="import-kind" onChange={(e) => void preview(pending.name, pending.path, e.target.value as ImportKind, pending.encoding)}>
                {IMPORT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`tables.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            {pending.preview.format === 'csv' && (
              <label>
                {t('import.encoding')}
                <select value={pending.encoding ?? ''} data-testid="import-encoding" onChange={(e) => void preview(pending.name, pending.path, pending.kind, e.target.value as ImportEncoding)}>
                  {IMPORT_ENCODINGS.map((enc) => (
                    <option key={enc} value={enc}>
                      {enc.toUpperCase()}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <fieldset>
              <legend>{t('import.onError')}</legend>
              <label className="radio">
                <input type="radio" checked={onError === 'reject'} onChange={() => setOnError('reject')} /> {t('import.reject')}
              </label>
              <label className="radio">
                <input type="radio" checked={onError === 'skip'} onChange={() => setOnError('skip')} data-testid="on-error-skip" /> {t('import.skip')}
              </label>
            </fieldset>
            <fieldset>
              <legend>{t('import.onConflict')}</legend>
              <label className="radio">
                <input type="radio" checked={onConflict === 'reject'} onChange={() => setOnConflict('reject')} /> {t('import.conflictReject')}
              </label>
              <label className="radio">
                <input type="radio" checked={onConflict === 'upsert'} onChange={() => setOnConflict('upsert')} data-testid="on-conflict-upsert" /> {t('import.upsert')}
              </label>
            </fieldset>
          </div>
          {pending.preview.warnings.map((w) => (
            <div key={w} className="caveat">
              {w}
            </div>
          ))}
          {pending.preview.missingRequired.length > 0 && (
            <div className="caveat" data-testid="missing-required">
              {t('import.missingRequired', { fields: pending.preview.missingRequired.join(', ') })}
            </div>
          )}
          <div className="table-wrap">
            <table className="data-table mapping" data-testid="mapping">
              <thead>
                <tr>
                  {pending.preview.columns.map((c) => (
                    <th key={c}>
                      <div>{c}</div>
                      <select
                        value={pending.mapping[c] ?? ''}
                        data-testid={`map-${c}`}
                        onChange={(e) => setPending({ ...pending, mapping: { ...pending.mapping, [c]: e.target.value || null } })}
                      >
                        <option value="">{t('import.ignore')}</option>
                        {pending.preview.fields.map((f) => (
                          <option key={f} value={f}>
                            → {f}
                          </option>
                        ))}
                      </select>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {pending.preview.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((v, j) => (
                      <td key={j}>{v ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="toolbar">
            <button type="button" className="primary" onClick={() => void start()} disabled={running} data-testid="import-start">
              {t('import.start')}
            </button>
            <button type="button" onClick={() => setPending(undefined)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}

      {status && running && (
        <div className="progress" data-testid="import-progress">
          <div className="progress-bar">
            <div style={{ width: `${pct}%` }} />
          </div>
          <span>
            {t(`import.phase.${status.phase}`)} · {formatInt(status.rowsRead, i18n.language)} {t('import.rowsRead')} · {formatInt(status.rowsPerSecond, i18n.language)} {t('import.rowsPerSecond')}
          </span>
          <button type="button" onClick={() => void api('importCancel', { jobId: status.jobId })} data-testid="import-cancel">
            {t('common.cancel')}
          </button>
        </div>
      )}
      {status?.state === 'cancelled' && <div className="caveat">{t('import.cancelled')}</div>}
      {status?.summaries?.state === 'updating' && (
        <div className="progress" data-testid="summaries-progress">
          <div className="progress-bar">
            <div style={{ width: `${Math.min(100, status.summaries.percent)}%` }} />
          </div>
          <span>{t('import.summaries', { step: status.summaries.step, steps: status.summaries.steps || '…' })}</span>
        </div>
      )}

      {report && <ReportView report={report} />}

      <div className="section-title">
        <span>{t('import.history')}</span>
      </div>
      {history && history.rows.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table" data-testid="import-history">
            <thead>
              <tr>
                {['import_id', 'source_name', 'kind', 'format', 'rows_accepted', 'rows_rejected', 'imported_at'].map((c) => (
                  <th key={c}>{c}</th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>
              {history.rows.map((r) => (
                <tr key={String(r.import_id)}>
                  {['import_id', 'source_name', 'kind', 'format', 'rows_accepted', 'rows_rejected', 'imported_at'].map((c) => (
                    <td key={c}>{String(r[c] ?? '')}</td>
                  ))}
                  <td>
                    <button type="button" onClick={() => void undo(String(r.import_id))}>
                      {t('import.undo')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="note">{t('import.noHistory')}</p>
      )}
    </section>
  );
}

function ReportView({ report }: { report: ImportReport }) {
  const { t, i18n } = useTranslation();
  const n = (x: number) => formatInt(x, i18n.language);
  const other = Object.entries(report.mapped_to_other).filter(([, v]) => v > 0);
  return (
    <div className={`import-report status-${report.status}`} data-testid="import-report">
      <div className="section-title">
        <span data-testid="import-status">{t(`import.status.${report.status}`, { id: report.import_id ?? '', of: report.duplicate_of ?? '' })}</span>
      </div>
      <ul className="report-counts">
        <li>
          {t('import.read')}: <strong data-testid="rows-read">{n(report.rows_read)}</strong>
        </li>
        <li>
          {t('import.accepted')}: <strong data-testid="rows-accepted">{n(report.rows_accepted)}</strong>
        </li>
        <li>
          {t('import.rejected')}: <strong data-testid="rows-rejected">{n(report.rows_rejected)}</strong>
        </li>
        <li>
          {t('import.defaulted')}: <strong>{n(report.rows_defaulted)}</strong>
        </li>
        {other.length > 0 && (
          <li>
            {t('import.mappedToOther')}: {other.map(([k, v]) => `${k} ${n(v)}`).join(', ')}
          </li>
        )}
      </ul>
      {report.warnings.map((w) => (
        <div key={w} className="note">
          ⚠ {w}
        </div>
      ))}
      {report.problems.length > 0 && (
        <>
          <div className="section-title">
            <span>{t('import.problems', { count: report.problem_count })}</span>
            <button type="button" onClick={() => exportCsv(['row', 'column', 'value', 'reason'], report.problems as never, `${report.source_name}.rejected.csv`)}>
              {t('import.downloadProblems')}
            </button>
          </div>
          <DataTable columns={['row', 'column', 'value', 'reason']} rows={report.problems as never} maxRows={200} testId="import-problems" />
        </>
      )}
    </div>
  );
}
