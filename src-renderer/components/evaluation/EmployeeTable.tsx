/**
 * The employee table: virtualized (only the visible rows are in the DOM) and
 * paged from the engine by viewport: the rows around the visible window are
 * fetched in pages of PAGE through `evaluate`'s offset/limit/sort/search, so
 * 50,000 employees scroll as smoothly as 50. While new settings load, the
 * previous pages stay on screen (no flash of empty rows).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ARROW_META_TOTAL_ROWS, EVALUATION_COLUMNS, type EvaluationColumn, type EvaluationSettings } from '../../../src-main/common/evaluationApi';
import type { ApiError } from '../../../src-main/common/result';
import { call, decodeTable, type Row } from '../../api/client';
import { Definition } from '../Definition';
import { formatColumn } from './shared';

export const PAGE = 200;
const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 46;
const TEXT_COLUMNS: readonly EvaluationColumn[] = ['employee_id', 'department_id', 'grade', 'peer_group'];
const WIDTH: Partial<Record<EvaluationColumn, number>> = { employee_id: 100, department_id: 108, grade: 72, peer_group: 120, engagement_share: 100, composite: 100, engagement: 100, performance: 108, rank_performance: 84, rank_composite: 84, rank_change: 92 };
const width = (c: EvaluationColumn) => WIDTH[c] ?? (c.startsWith('pct_') ? 84 : 76);
export const TABLE_WIDTH = EVALUATION_COLUMNS.reduce((s, c) => s + width(c), 0);

export interface Sort {
  column: EvaluationColumn;
  direction: 'asc' | 'desc';
}

interface Pages {
  key: string;
  total: number | undefined;
  rows: Map<number, Row[]>;
}

export const EmployeeTable = memo(function EmployeeTable({
  settings, search, sort, onSort, selected, onSelect, onError, onTotal, departmentName,
}: {
  settings: EvaluationSettings;
  search: string;
  sort: Sort | undefined;
  onSort: (s: Sort | undefined) => void;
  selected: string | undefined;
  onSelect: (employeeId: string) => void;
  onError: (e: ApiError | undefined) => void;
  /** Rows matching the search, once known. */
  onTotal: (n: number) => void;
  departmentName: (id: string | null) => string;
}) {
  const { t, i18n } = useTranslation();
  const key = JSON.stringify({ settings, search, sort });
  const [, repaint] = useReducer((x: number) => x + 1, 0);
  // The page set of the current settings; on new settings the old set stays to paint until new pages arrive.
  // (Switched during render, so the fetch below starts in this very commit: a child's effects run before
  // its parent's, so the visible page is asked for before the summary and the charts.)
  const cache = useRef<Pages>({ key, total: undefined, rows: new Map() });
  const stale = useRef<Pages | undefined>(undefined);
  if (cache.current.key !== key) {
    stale.current = cache.current;
    cache.current = { key, total: undefined, rows: new Map() };
  }
  const pages = cache.current;
  const pending = useRef(new Set<string>());
  const scrollRef = useRef<HTMLDivElement>(null);

  // A new search or order starts at the top; a new w keeps the reader where they are.
  const order = JSON.stringify({ search, sort });
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [order]);

  const total = pages.total ?? stale.current?.total ?? 0;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    paddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    const set = cache.current;
    const from = Math.max(0, Math.floor((first - PAGE / 4) / PAGE));
    const to = set.total === undefined ? from : Math.floor((last + PAGE / 4) / PAGE);
    for (let p = from; p <= to; p++) {
      const id = `${set.key}#${p}`;
      if (set.rows.has(p) || pending.current.has(id)) continue;
      if (set.total !== undefined && p * PAGE >= set.total && p > 0) continue;
      pending.current.add(id);
      void call('evaluate', { ...settings, ...(search ? { search } : {}), ...(sort ? { sort } : {}), offset: p * PAGE, limit: PAGE }).then((r) => {
        pending.current.delete(id);
        if (cache.current !== set) return; // settings changed meanwhile
        if (!r.ok) {
          onError(r.error);
          return;
        }
        onError(undefined);
        const table = decodeTable(r.value);
        set.rows.set(p, table.rows);
        set.total = Number(table.meta[ARROW_META_TOTAL_ROWS] ?? table.rows.length);
        repaint();
      });
    }
  }, [key, first, last, pages.total, settings, search, sort, onError]);

  const rowAt = (i: number): Row | undefined => {
    const p = Math.floor(i / PAGE);
    const fresh = pages.rows.get(p);
    if (fresh) return fresh[i - p * PAGE];
    return stale.current?.rows.get(p)?.[i - p * PAGE];
  };

  const header = (c: EvaluationColumn) => {
    const active = sort?.column === c;
    const next = (): Sort | undefined => (!active ? { column: c, direction: TEXT_COLUMNS.includes(c) ? 'asc' : 'desc' } : sort.direction === (TEXT_COLUMNS.includes(c) ? 'asc' : 'desc') ? { column: c, direction: sort.direction === 'asc' ? 'desc' : 'asc' } : undefined);
    const def = c.startsWith('pct_') ? t('evaluation.def.pct', { component: c.slice(4) }) : t(`evaluation.def.${c}`);
    return (
      <div
        key={c}
        role="columnheader"
        aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
        className={`ev-th${TEXT_COLUMNS.includes(c) ? '' : ' num'}${c === 'employee_id' ? ' ev-sticky' : ''}`}
        style={{ width: width(c) }}
        data-testid={`ev-th-${c}`}
      >
        <button type="button" className="ev-sort" onClick={() => onSort(next())} title={def}>
          {t(`evaluation.col.${c}`)}
          {active && <span aria-hidden>{sort.direction === 'asc' ? ' ▲' : ' ▼'}</span>}
        </button>
        <Definition text={def} />
      </div>
    );
  };

  const known = pages.total !== undefined;
  useEffect(() => {
    if (pages.total !== undefined) onTotal(pages.total);
  }, [pages.total, onTotal]);
  return (
    <div className="ev-table" data-testid="ev-table">
      <div className="ev-table-scroll" ref={scrollRef} role="table" aria-rowcount={total}>
        <div style={{ height: virtualizer.getTotalSize(), width: TABLE_WIDTH, position: 'relative' }}>
          <div className="ev-thead" role="row" style={{ height: HEADER_HEIGHT, width: TABLE_WIDTH }}>
            {EVALUATION_COLUMNS.map(header)}
          </div>
          {items.map((item) => {
            const row = rowAt(item.index);
            const id = row?.employee_id as string | undefined;
            return (
              <div
                key={item.key}
                role="row"
                className={`ev-tr${id && id === selected ? ' selected' : ''}${row ? '' : ' placeholder'}`}
                style={{ top: item.start, height: ROW_HEIGHT, width: TABLE_WIDTH }}
                onClick={() => id && onSelect(id)}
                data-testid={id ? `ev-row-${id}` : undefined}
              >
                {EVALUATION_COLUMNS.map((c) => (
                  <div key={c} role="cell" data-col={c} className={`ev-td${TEXT_COLUMNS.includes(c) ? '' : ' num'}${c === 'employee_id' ? ' ev-sticky' : ''}`} style={{ width: width(c) }} title={c === 'department_id' && row ? departmentName(row[c] as string | null) : undefined}>
                    {row ? formatColumn(c, row[c], i18n.language) : c === 'employee_id' ? '…' : ''}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        {known && total === 0 && <div className="ev-table-empty">{t('evaluation.table.empty')}</div>}
      </div>
    </div>
  );
});
