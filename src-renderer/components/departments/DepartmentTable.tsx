/**
 * The per-department table (departmentTable): the nine SPEC columns, sortable,
 * a definition on every metric header, "–" with the engine's reason where a
 * ratio has no denominator. Clicking a department focuses the charts on it.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEPARTMENT_TABLE_COLUMNS } from '../../../src-main/common/departmentsApi';
import type { DecodedTable, Row } from '../../api/client';
import { Definition } from '../Definition';
import { TableExport } from '../TableExport';
import { formatMetric, nullReason, TABLE_METRICS, type DepartmentInfo } from './model';

type Column = (typeof DEPARTMENT_TABLE_COLUMNS)[number];

const isMetric = (c: string): boolean => (TABLE_METRICS as readonly string[]).includes(c);

export function DepartmentTable({ table, names, focus, onFocus }: { table: DecodedTable; names: Map<string, DepartmentInfo>; focus?: string; onFocus: (id: string | undefined) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [sort, setSort] = useState<{ column: Column; desc: boolean }>({ column: 'department_id', desc: false });

  const rows = useMemo(() => {
    const value = (r: Row): string | number | null => {
      if (sort.column === 'name') return names.get(String(r.department_id))?.name ?? null;
      const v = r[sort.column];
      return typeof v === 'number' || typeof v === 'string' ? v : null;
    };
    const out = [...table.rows];
    out.sort((a, b) => {
      const x = value(a);
      const y = value(b);
      // Nulls last whichever the direction: "–" is not a small number.
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), lang);
      return (sort.desc ? -c : c) || String(a.department_id).localeCompare(String(b.department_id));
    });
    return out;
  }, [table, sort, names, lang]);

  const header = (c: Column): string => {
    if (c === 'department_id') return t('departments.table.department');
    if (c === 'name') return t('departments.table.name');
    if (c === 'bureau') return t('departments.table.bureau');
    return t(`metrics.${c}.label`);
  };
  const toggle = (c: Column) => setSort((s) => (s.column === c ? { column: c, desc: !s.desc } : { column: c, desc: isMetric(c) }));

  return (
    <section className="dp-table-section">
      <div className="section-title">
        <span>
          {t('departments.table.title')} <span className="note">{t('departments.table.count', { count: table.rows.length })}</span>
        </span>
        <TableExport columns={[...DEPARTMENT_TABLE_COLUMNS, 'name_en']} rows={table.rows} filename="sotong-departments" />
      </div>
      <div className="table-wrap dp-table-wrap">
        <table className="data-table dp-table" data-testid="dp-table">
          <thead>
            <tr>
              {DEPARTMENT_TABLE_COLUMNS.map((c) => (
                <th key={c} className={`sortable${isMetric(c) ? ' num' : ''}`} aria-sort={sort.column === c ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                  <div className="dp-th">
                    <button type="button" className="dp-sort" onClick={() => toggle(c)} data-testid={`dp-sort-${c}`}>
                      {header(c)}
                      <span className="dp-sort-arrow">{sort.column === c ? (sort.desc ? '▼' : '▲') : ''}</span>
                    </button>
                    {isMetric(c) && <Definition text={t(`metrics.${c}.def`)} />}
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const id = String(r.department_id);
              const focused = id === focus;
              return (
                <tr
                  key={id}
                  className={focused ? 'selected' : undefined}
                  data-testid={`dp-row-${id}`}
                  onClick={() => onFocus(focused ? undefined : id)}
                  tabIndex={0}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      onFocus(focused ? undefined : id);
                    }
                  }}
                  aria-selected={focused}
                >
                  <td className="dp-id">{id}</td>
                  <td className="dp-name" title={names.get(id)?.name}>{names.get(id)?.name ?? '–'}</td>
                  <td className="dp-bureau">{typeof r.bureau === 'string' ? r.bureau : '–'}</td>
                  {TABLE_METRICS.map((m) => {
                    const v = r[m];
                    const missing = v === null || v === undefined;
                    const why = missing ? nullReason(t, table.notes, m, id) : undefined;
                    return (
                      <td key={m} className={`num${missing ? ' dp-null' : ''}`} data-testid={`dp-cell-${id}-${m}`} title={why ? t('departments.nullReason', { reason: why }) : undefined}>
                        {formatMetric(m, typeof v === 'number' ? v : null, lang)}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="hint">{t('departments.table.hint')}</p>
    </section>
  );
}
