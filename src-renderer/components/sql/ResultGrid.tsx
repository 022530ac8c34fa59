/**
 * The console's results grid: virtualized rows, paged from the engine by
 * viewport (pages of PAGE rows around the visible window; the whole result
 * never comes to the renderer), sorting in the engine, resizable columns,
 * a cell-range selection copied as TSV (Ctrl/Cmd+C or the Copy button).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SqlColumn } from '../../../src-main/common/sqlApi';
import { call, decodeTable, type Row } from '../../api/client';
import { formatCell } from '../../format';

export const PAGE = 200;
const ROW_HEIGHT = 28;
/** Pages kept in memory; the rest are dropped and fetched again when scrolled back to. */
const KEEP_PAGES = 24;

export interface GridQuery {
  sql: string;
  columns: SqlColumn[];
  /** The first page, fetched by the run itself. */
  firstPage: Row[];
  /** Total rows once counted. */
  total?: number;
  timeoutSeconds?: number;
}

export interface Sort {
  column: string;
  descending: boolean;
}

interface Props {
  query: GridQuery;
  sort?: Sort;
  onSort: (sort: Sort | undefined) => void;
  onPageTime: (ms: number) => void;
}

type Cell = { r: number; c: number };

const tsvCell = (v: unknown): string => (v === null || v === undefined ? '' : String(v).replace(/[\t\r\n]+/g, ' '));

export function ResultGrid({ query, sort, onSort, onPageTime }: Props) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const pages = useRef(new Map<number, Row[]>());
  const inflight = useRef(new Set<number>());
  const [, setVersion] = useState(0);
  const [widths, setWidths] = useState<number[]>([]);
  const [anchor, setAnchor] = useState<Cell>();
  const [focus, setFocus] = useState<Cell>();
  const [copied, setCopied] = useState(false);
  const generation = useRef(0);

  const columns = query.columns;
  const count = query.total ?? (query.firstPage.length < PAGE ? query.firstPage.length : query.firstPage.length + PAGE);

  // A new query or sort: start over with the first page the run fetched (unsorted) or nothing.
  useEffect(() => {
    generation.current++;
    pages.current = new Map(sort ? [] : [[0, query.firstPage]]);
    inflight.current.clear();
    setAnchor(undefined);
    setFocus(undefined);
    setVersion((v) => v + 1);
    scroller.current?.scrollTo({ top: 0 });
  }, [query.sql, query.firstPage, sort]);

  useEffect(() => {
    setWidths(columns.map((c) => Math.min(320, Math.max(90, c.name.length * 9 + 36, /INT|DOUBLE|DECIMAL|FLOAT/.test(c.type) ? 110 : 150))));
  }, [columns]);

  const fetchPage = useCallback(
    async (p: number): Promise<Row[] | undefined> => {
      const have = pages.current.get(p);
      if (have) return have;
      if (inflight.current.has(p)) return undefined;
      inflight.current.add(p);
      const gen = generation.current;
      const r = await call('sqlPage', { sql: query.sql, offset: p * PAGE, limit: PAGE, ...(sort ? { sort } : {}), ...(query.timeoutSeconds ? { timeoutSeconds: query.timeoutSeconds } : {}) });
      if (gen !== generation.current) return undefined;
      inflight.current.delete(p);
      if (!r.ok) return undefined;
      const table = decodeTable(r.value);
      pages.current.set(p, table.rows);
      onPageTime(Number(table.meta['sotong.sql.elapsed_ms'] ?? 0));
      if (pages.current.size > KEEP_PAGES) {
        const oldest = pages.current.keys().next().value;
        if (oldest !== undefined && oldest !== p) pages.current.delete(oldest);
      }
      setVersion((v) => v + 1);
      return table.rows;
    },
    [query.sql, query.timeoutSeconds, sort, onPageTime],
  );

  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const firstRow = items[0]?.index ?? 0;
  const lastRow = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (count === 0) return;
    const from = Math.floor(firstRow / PAGE);
    const to = Math.floor(lastRow / PAGE);
    for (let p = Math.max(0, from); p <= to; p++) void fetchPage(p);
    // One page ahead, so scrolling down rarely shows placeholders.
    if ((to + 1) * PAGE < count) void fetchPage(to + 1);
  }, [firstRow, lastRow, count, fetchPage]);

  const rowAt = (r: number): Row | undefined => pages.current.get(Math.floor(r / PAGE))?.[r % PAGE];

  const selection = useMemo(() => {
    if (!anchor || !focus) return undefined;
    return { r0: Math.min(anchor.r, focus.r), r1: Math.max(anchor.r, focus.r), c0: Math.min(anchor.c, focus.c), c1: Math.max(anchor.c, focus.c) };
  }, [anchor, focus]);

  const copy = async () => {
    if (!selection) return;
    const { r0, r1, c0, c1 } = selection;
    const lines: string[] = [];
    const cols = columns.slice(c0, c1 + 1).map((c) => c.name);
    if (r1 - r0 > 0 || c1 - c0 > 0) lines.push(cols.join('\t'));
    for (let p = Math.floor(r0 / PAGE); p <= Math.floor(r1 / PAGE); p++) if (!pages.current.has(p)) await fetchPage(p);
    for (let r = r0; r <= r1; r++) {
      const row = rowAt(r);
      lines.push(cols.map((c) => tsvCell(row?.[c])).join('\t'));
    }
    await navigator.clipboard.writeText(lines.join('\n') + '\n').catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 1200);
  };

  const onCellDown = (e: MouseEvent, cell: Cell) => {
    if (e.shiftKey && anchor) setFocus(cell);
    else {
      setAnchor(cell);
      setFocus(cell);
    }
  };

  const onKey = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'c') {
      e.preventDefault();
      void copy();
    }
    if ((e.ctrlKey || e.metaKey) && e.key === 'a') {
      e.preventDefault();
      setAnchor({ r: 0, c: 0 });
      setFocus({ r: Math.max(0, count - 1), c: columns.length - 1 });
    }
  };

  const startResize = (e: MouseEvent, c: number) => {
    e.preventDefault();
    e.stopPropagation();
    const x0 = e.clientX;
    const w0 = widths[c] ?? 120;
    const move = (ev: globalThis.MouseEvent) => setWidths((ws) => ws.map((w, i) => (i === c ? Math.max(50, w0 + ev.clientX - x0) : w)));
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  const template = widths.map((w) => `${w}px`).join(' ');
  const totalWidth = widths.reduce((a, b) => a + b, 0) + 56;
  const clickSort = (name: string) => {
    if (!sort || sort.column !== name) onSort({ column: name, descending: false });
    else if (!sort.descending) onSort({ column: name, descending: true });
    else onSort(undefined);
  };

  return (
    <div className="sql-grid-box">
      <div className="sql-grid-tools">
        <button type="button" disabled={!selection} onClick={() => void copy()} data-testid="sql-copy">
          {copied ? t('screens.sql.copied') : t('screens.sql.copyTsv')}
        </button>
        <span className="hint">{t('screens.sql.gridHint')}</span>
      </div>
      <div ref={scroller} className="sql-grid" tabIndex={0} onKeyDown={onKey} data-testid="sql-result" role="grid" aria-rowcount={count + 1} aria-colcount={columns.length}>
        <div style={{ width: totalWidth, minWidth: '100%' }}>
          <div className="sql-grid-head" role="row" style={{ gridTemplateColumns: `56px ${template}` }}>
            <div className="sql-grid-rownum">#</div>
            {columns.map((c, i) => (
              <div key={c.name + i} role="columnheader" className="sql-grid-th" title={`${c.name} · ${c.type}`} aria-sort={sort?.column === c.name ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" className="sql-grid-sort" onClick={() => clickSort(c.name)} data-testid={`sql-sort-${c.name}`}>
                  <span className="sql-grid-name">{c.name}</span>
                  <span className="sql-grid-type">{c.type}</span>
                  {sort?.column === c.name && <span className="sql-grid-arrow">{sort.descending ? '▼' : '▲'}</span>}
                </button>
                <span className="sql-grid-resize" onMouseDown={(e) => startResize(e, i)} aria-hidden="true" />
              </div>
            ))}
          </div>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((v) => {
              const row = rowAt(v.index);
              return (
                <div
                  key={v.key}
                  role="row"
                  className={`sql-grid-row${v.index % 2 ? ' odd' : ''}`}
                  data-row={v.index}
                  style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT, gridTemplateColumns: `56px ${template}` }}
                >
                  <div className="sql-grid-rownum">{(v.index + 1).toLocaleString(i18n.language)}</div>
                  {columns.map((c, ci) => {
                    const value = row?.[c.name];
                    const selected = selection && v.index >= selection.r0 && v.index <= selection.r1 && ci >= selection.c0 && ci <= selection.c1;
                    return (
                      <div
                        key={ci}
                        role="gridcell"
                        className={`sql-grid-td${typeof value === 'number' ? ' num' : ''}${value === null ? ' null' : ''}${selected ? ' selected' : ''}`}
                        onMouseDown={(e) => onCellDown(e, { r: v.index, c: ci })}
                        onMouseEnter={(e) => {
                          if (e.buttons === 1 && anchor) setFocus({ r: v.index, c: ci });
                        }}
                      >
                        {row ? (value === null ? 'NULL' : formatCell(value, i18n.language)) : <span className="sql-grid-loading" />}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
