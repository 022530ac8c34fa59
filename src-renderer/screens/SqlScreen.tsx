/**
 * The researchers' SQL console: an editor with highlighting and completion,
 * a schema browser, a results grid paged from the engine, exports of the
 * whole result, a quick chart, history and saved queries. The query runs in
 * the engine (read-only, with the timeout set here); the renderer only ever
 * holds the pages on screen.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../src-main/common/result';
import { ARROW_META_SQL_COLUMNS, ARROW_META_SQL_ELAPSED, type SqlColumn, type SqlExportFormat, type SqlHistoryEntry, type SqlSavedQuery, type SqlSchemaEntry } from '../../src-main/common/sqlApi';
import { call, decodeTable } from '../api/client';
import { useErrors } from '../components/errors';
import { useApi } from '../components/useApi';
import { errorPosition } from '../components/sql/errorPosition';
import { QuickChart } from '../components/sql/QuickChart';
import { PAGE, ResultGrid, type GridQuery, type Sort } from '../components/sql/ResultGrid';
import { SchemaPanel } from '../components/sql/SchemaPanel';
import { SqlEditor, type SqlEditorHandle } from '../components/sql/SqlEditor';

const TIMEOUT_KEY = 'sotong.sql.timeout';
const DRAFT_KEY = 'sotong.sql.draft';
const DEFAULT_SQL = 'SELECT channel, count(*) AS events, sum(citizens_reached) AS citizens_reached\nFROM events GROUP BY channel ORDER BY events DESC';

type Side = 'schema' | 'history' | 'saved';

export function SqlScreen() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { report } = useErrors();
  const [sql, setSql] = useState(() => localStorage.getItem(DRAFT_KEY) ?? DEFAULT_SQL);
  const [timeout, setTimeoutSeconds] = useState(() => Number(localStorage.getItem(TIMEOUT_KEY) ?? 60) || 60);
  const [query, setQuery] = useState<GridQuery>();
  const [sort, setSort] = useState<Sort>();
  const [running, setRunning] = useState(false);
  const [elapsed, setElapsed] = useState<number>();
  const [error, setError] = useState<{ error: ApiError; sql: string }>();
  const [notice, setNotice] = useState<string>();
  const [side, setSide] = useState<Side>('schema');
  const [schema, setSchema] = useState<SqlSchemaEntry[]>();
  const [history, setHistory] = useState<SqlHistoryEntry[]>([]);
  const [saved, setSaved] = useState<SqlSavedQuery[]>([]);
  const [saveName, setSaveName] = useState('');
  const [exporting, setExporting] = useState<SqlExportFormat>();
  const [showChart, setShowChart] = useState(false);
  const runId = useRef(0);
  const editor = useRef<SqlEditorHandle>(null);

  useEffect(() => localStorage.setItem(DRAFT_KEY, sql), [sql]);
  useEffect(() => localStorage.setItem(TIMEOUT_KEY, String(timeout)), [timeout]);

  const loadSide = useCallback(async () => {
    const [s, h, v] = await Promise.all([call('sqlSchema', {}), call('sqlHistory', {}), call('sqlSaved', {})]);
    if (s.ok) setSchema(s.value.entries);
    if (h.ok) setHistory(h.value.entries);
    if (v.ok) setSaved(v.value.saved);
  }, []);
  useEffect(() => {
    void loadSide();
  }, [loadSide]);

  const run = async (text = sql) => {
    const id = ++runId.current;
    setRunning(true);
    setError(undefined);
    setNotice(undefined);
    setSort(undefined);
    const timeoutSeconds = timeout > 0 ? timeout : undefined;
    const t0 = performance.now();
    const r = await call('sqlPage', { sql: text, offset: 0, limit: PAGE, record: true, ...(timeoutSeconds ? { timeoutSeconds } : {}) });
    if (id !== runId.current) return;
    if (!r.ok) {
      setRunning(false);
      if (r.error.code === 'CANCELLED') setNotice(r.error.message);
      else {
        setError({ error: r.error, sql: text });
        // DuckDB's errors show under the editor, with the position marked; refusals also go to the banner.
        if (r.error.code !== 'SQL_ERROR') report(r.error);
      }
      return;
    }
    const table = decodeTable(r.value);
    const columns = JSON.parse(table.meta[ARROW_META_SQL_COLUMNS] ?? '[]') as SqlColumn[];
    setElapsed(Number(table.meta[ARROW_META_SQL_ELAPSED] ?? Math.round(performance.now() - t0)));
    const base: GridQuery = { sql: text, columns, firstPage: table.rows, ...(timeoutSeconds ? { timeoutSeconds } : {}) };
    setQuery(table.rows.length < PAGE ? { ...base, total: table.rows.length } : base);
    setRunning(table.rows.length >= PAGE);
    void call('sqlHistory', {}).then((h) => h.ok && setHistory(h.value.entries));
    if (table.rows.length >= PAGE) {
      const c = await call('sqlCount', { sql: text, ...(timeoutSeconds ? { timeoutSeconds } : {}) });
      if (id !== runId.current) return;
      setRunning(false);
      if (c.ok) setQuery((q) => (q && q.sql === text ? { ...q, total: c.value.rows } : q));
      else if (c.error.code === 'CANCELLED') setNotice(c.error.message);
      else report(c.error);
    }
  };

  const runText = (text: string) => {
    setSql(text);
    void run(text);
  };

  /** A query from history or the saved list replaces the text; an error about the old text goes with it. */
  const load = (text: string) => {
    setSql(text);
    setError(undefined);
  };

  const cancel = async () => {
    await call('cancel', {});
  };

  // Escape cancels the running query, unless something on the page (the completion popup) took the key.
  useEffect(() => {
    if (!running) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) void cancel();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [running]);

  const exportAs = async (format: SqlExportFormat) => {
    if (!query) return;
    setExporting(format);
    const r = await api('sqlExport', { sql: query.sql, format, ...(query.timeoutSeconds ? { timeoutSeconds: query.timeoutSeconds } : {}) });
    setExporting(undefined);
    if (!r) return;
    if (r.downloadId && !window.sotong) {
      const a = document.createElement('a');
      a.href = `/download/${r.downloadId}`;
      a.download = r.fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
    }
    setNotice(t('screens.sql.exported', { rows: r.rows.toLocaleString(i18n.language), file: r.fileName, ms: r.elapsedMs }));
  };

  const save = async () => {
    const name = saveName.trim();
    if (!name) return;
    const r = await api('sqlSave', { name, sql });
    if (r) {
      setSaved(r.saved);
      setSaveName('');
      setSide('saved');
    }
  };

  const removeSaved = async (name: string) => {
    const r = await api('sqlDeleteSaved', { name });
    if (r) setSaved(r.saved);
  };

  const errorMark = useMemo(() => {
    const at = error && errorPosition(error.sql, error.error.message);
    return error && at !== undefined ? { sql: error.sql, at, message: error.error.message.split('\n')[0]! } : undefined;
  }, [error]);
  const onPageTime = useCallback((ms: number) => setElapsed(ms), []);
  const insert = (text: string) => editor.current?.insert(text);
  const rowsText = query
    ? query.total === undefined
      ? t('screens.sql.counting', { count: query.firstPage.length })
      : t('screens.sql.rowCount', { count: query.total, formatted: query.total.toLocaleString(i18n.language) })
    : '';

  return (
    <section className="screen sql-screen" data-testid="screen-sql">
      <h1>{t('screens.sql.title')}</h1>
      <p className="hint">{t('screens.sql.hint')}</p>
      <div className="sql-layout">
        <aside className="sql-side">
          <div className="sql-tabs" role="tablist">
            {(['schema', 'history', 'saved'] as const).map((s) => (
              <button key={s} type="button" role="tab" aria-selected={side === s} className={side === s ? 'active' : undefined} onClick={() => setSide(s)} data-testid={`sql-tab-${s}`}>
                {t(`screens.sql.${s}`)}
              </button>
            ))}
          </div>
          {side === 'schema' && <SchemaPanel entries={schema} onRun={runText} onInsert={insert} />}
          {side === 'history' && (
            <ul className="sql-list" data-testid="sql-history">
              {history.length === 0 && <li className="hint">{t('screens.sql.noHistory')}</li>}
              {history.map((h) => (
                <li key={h.at + h.sql}>
                  <button type="button" className="sql-list-item" onClick={() => load(h.sql)} title={h.sql}>
                    <code>{h.sql}</code>
                    <span className="sql-list-meta">{new Date(h.at).toLocaleString(i18n.language)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {side === 'saved' && (
            <ul className="sql-list" data-testid="sql-saved">
              {saved.length === 0 && <li className="hint">{t('screens.sql.noSaved')}</li>}
              {saved.map((s) => (
                <li key={s.name}>
                  <button type="button" className="sql-list-item" onClick={() => load(s.sql)} title={s.sql}>
                    <strong>{s.name}</strong>
                    <code>{s.sql}</code>
                  </button>
                  <button type="button" className="link sql-list-delete" onClick={() => void removeSaved(s.name)} aria-label={t('screens.sql.delete')}>
                    {t('screens.sql.delete')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </aside>
        <div className="sql-main">
          <SqlEditor ref={editor} value={sql} onChange={setSql} onRun={(text) => void run(text)} error={errorMark} busy={running} />
          {error && (
            // Kept while the query is edited (dimmed: it is about the text as it was run) until the next run.
            <pre className={error.sql === sql ? 'sql-error' : 'sql-error stale'} data-testid="sql-error">
              {error.error.message}
            </pre>
          )}
          <div className="toolbar sql-toolbar">
            <button type="button" className="primary" disabled={running} onClick={() => void run()} data-testid="sql-run" title="Ctrl+Enter">
              {t('common.run')}
            </button>
            <button type="button" disabled={!running} onClick={() => void cancel()} data-testid="sql-cancel" title="Esc">
              {t('common.cancel')}
            </button>
            <label className="sql-timeout">
              {t('screens.sql.timeout')}
              <input type="number" min={0} max={86400} step={5} value={timeout} onChange={(e) => setTimeoutSeconds(Math.max(0, Number(e.target.value)))} data-testid="sql-timeout" />
              {t('screens.sql.seconds')}
            </label>
            <span className="sql-save">
              <input type="text" value={saveName} placeholder={t('screens.sql.saveName')} onChange={(e) => setSaveName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void save()} data-testid="sql-save-name" />
              <button type="button" disabled={!saveName.trim()} onClick={() => void save()} data-testid="sql-save">
                {t('screens.sql.save')}
              </button>
            </span>
            <span className="sql-spacer" />
            {query && (
              <span className="sql-export">
                {t('screens.sql.exportAll')}
                {(['csv', 'xlsx', 'parquet'] as const).map((f) => (
                  <button key={f} type="button" disabled={!!exporting} onClick={() => void exportAs(f)} data-testid={`sql-export-${f}`}>
                    {exporting === f ? '…' : f.toUpperCase()}
                  </button>
                ))}
                <button type="button" className={showChart ? 'active' : undefined} onClick={() => setShowChart((v) => !v)} data-testid="sql-chart-toggle">
                  {t('screens.sql.chart')}
                </button>
              </span>
            )}
          </div>
          <div className="sql-statusline">
            {running && <span className="sql-running">{t('screens.sql.running')}</span>}
            {query && (
              <span className="status" data-testid="sql-status">
                {rowsText}
                {elapsed !== undefined && ` · ${t('common.elapsed', { ms: elapsed })}`}
                {sort && ` · ${t('screens.sql.sortedBy', { column: sort.column, dir: sort.descending ? '▼' : '▲' })}`}
              </span>
            )}
            {notice && (
              <span className="sql-notice" data-testid="sql-notice">
                {notice}
              </span>
            )}
          </div>
          {query && showChart && <QuickChart key={query.sql} sql={query.sql} columns={query.columns} timeoutSeconds={query.timeoutSeconds} />}
          {query ? <ResultGrid query={query} sort={sort} onSort={setSort} onPageTime={onPageTime} /> : <div className="empty-state">{t('screens.sql.empty')}</div>}
        </div>
      </div>
    </section>
  );
}
