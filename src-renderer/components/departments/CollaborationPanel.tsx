/**
 * Silos: the collaboration matrix C[d1, d2] (collaborationMatrix) as a
 * heatmap ordered by bureau, and beside it each department's partners and
 * Krackhardt E-I index (collaborationIndex), most inward-looking first; with
 * a focus, the focused department's partners by shared events.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecodedTable } from '../../api/client';
import { formatInt, formatNumber } from '../../format';
import { ChartFrame } from '../ChartFrame';
import { Definition } from '../Definition';
import { TableExport } from '../TableExport';
import { Heatmap, heatmapHeight, HeatLegend, type HeatCell } from './Heatmap';
import { num, orderByBureau, truncate, type DepartmentInfo } from './model';
import { nameAxisWidth } from './NameTick';

export const MAX_DEPARTMENTS = 100;

export function CollaborationPanel({
  matrix,
  index,
  order,
  names,
  focus,
  onFocus,
}: {
  matrix: DecodedTable;
  index: DecodedTable;
  order: string[];
  names: Map<string, DepartmentInfo>;
  focus?: string;
  onFocus: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { rowIds, colIds, cells, max, total } = useMemo(() => {
    // Rows: departments in scope with a partner; columns: them and any partner outside the filter.
    const withPartner = new Set(matrix.rows.map((r) => String(r.department_id)));
    const rowsAll = order.filter((d) => withPartner.has(d));
    const partners = new Set(matrix.rows.map((r) => String(r.partner_id)));
    const colsAll = orderByBureau([...new Set([...rowsAll, ...partners])], names);
    const rowIds = rowsAll.slice(0, MAX_DEPARTMENTS);
    const colIds = colsAll.slice(0, MAX_DEPARTMENTS);
    const ri = new Map(rowIds.map((d, i) => [d, i]));
    const ci = new Map(colIds.map((d, i) => [d, i]));
    const cells: HeatCell[] = [];
    let max = 0;
    for (const r of matrix.rows) {
      const a = String(r.department_id);
      const b = String(r.partner_id);
      const v = num(r.events) ?? 0;
      const row = ri.get(a);
      const col = ci.get(b);
      if (row === undefined || col === undefined || v <= 0) continue;
      max = Math.max(max, v);
      cells.push({ row, col, value: v, title: () => t('departments.collab.cell', { a: names.get(a)?.name ?? a, b: names.get(b)?.name ?? b, value: formatInt(v, lang) }) });
    }
    return { rowIds, colIds, cells, max, total: Math.max(rowsAll.length, colsAll.length) };
  }, [matrix, order, names, t, lang]);

  const silo = useMemo(
    () =>
      [...index.rows].sort((a, b) => {
        const x = num(a.ei_index);
        const y = num(b.ei_index);
        if (x === null || y === null) return x === y ? String(a.department_id).localeCompare(String(b.department_id)) : x === null ? 1 : -1;
        return x - y || String(a.department_id).localeCompare(String(b.department_id));
      }),
    [index],
  );
  const focusPartners = useMemo(
    () =>
      focus
        ? matrix.rows
            .filter((r) => String(r.department_id) === focus)
            .map((r) => ({ id: String(r.partner_id), events: num(r.events) ?? 0 }))
            .sort((a, b) => b.events - a.events || a.id.localeCompare(b.id))
        : [],
    [matrix, focus],
  );

  const cellHeight = rowIds.length > 60 ? 9 : rowIds.length > 40 ? 12 : 16;
  const colLabelHeight = lang === 'ko' ? 104 : 110;
  const rowLabelWidth = nameAxisWidth(rowIds, names, 170);
  const item = (d: string) => ({ id: d, label: names.get(d)?.name ?? d, title: `${d} · ${names.get(d)?.name ?? d} (${names.get(d)?.bureau ?? '–'})`, group: names.get(d)?.bureau });

  return (
    <div className="dp-collab">
      <div className="dp-chart-block">
        <div className="dp-chart-tools">
          <HeatLegend max={formatInt(max, lang)} label={t('metrics.collaboration.label')} />
          <TableExport columns={['department_id', 'partner_id', 'events']} rows={matrix.rows} filename="sotong-collaboration-matrix" />
        </div>
        <ChartFrame
          title={t('departments.collab.title')}
          definition={t('departments.collab.definition')}
          points={total}
          maxPoints={MAX_DEPARTMENTS}
          filename="sotong-collaboration-matrix"
          testId="dp-collab-heatmap"
          height={heatmapHeight(rowIds.length, cellHeight, colLabelHeight)}
        >
          <Heatmap
            rows={rowIds.map(item)}
            cols={colIds.map(item)}
            cells={cells}
            cellHeight={cellHeight}
            rowLabelWidth={rowLabelWidth}
            colLabelHeight={colLabelHeight}
            rotateCols
            focus={focus}
            onFocus={onFocus}
          />
        </ChartFrame>
      </div>
      <div className="dp-silo" data-testid="dp-silo">
        <div className="section-title">
          <span>
            {t('departments.collab.indexTitle')} <Definition text={t('departments.collab.indexDefinition')} />
          </span>
          <TableExport columns={['department_id', 'name', 'bureau', 'partners', 'internal_ties', 'external_ties', 'ei_index']} rows={index.rows} filename="sotong-collaboration-index" />
        </div>
        {focus && (
          <div className="dp-partners" data-testid="dp-partners">
            <div className="dp-partners-title">{t('departments.collab.partnersOf', { name: names.get(focus)?.name ?? focus })}</div>
            {focusPartners.length === 0 ? (
              <p className="note">{t('departments.collab.noPartners')}</p>
            ) : (
              <ol>
                {focusPartners.slice(0, 8).map((p) => (
                  <li key={p.id}>
                    <span>{names.get(p.id)?.name ?? p.id}</span> <span className="num">{formatInt(p.events, lang)}</span>
                  </li>
                ))}
              </ol>
            )}
          </div>
        )}
        <div className="dp-silo-scroll">
          <table className="data-table dp-silo-table">
            <thead>
              <tr>
                <th>{t('departments.table.department')}</th>
                <th className="num">
                  {t('metrics.partners.label')} <Definition text={t('metrics.partners.def')} />
                </th>
                <th>
                  {t('metrics.ei_index.label')} <Definition text={t('metrics.ei_index.def')} />
                </th>
              </tr>
            </thead>
            <tbody>
              {silo.map((r) => {
                const id = String(r.department_id);
                const ei = num(r.ei_index);
                return (
                  <tr key={id} className={id === focus ? 'selected' : undefined} onClick={() => onFocus(id)} data-testid={`dp-silo-${id}`}>
                    <td title={`${id} · ${names.get(id)?.name ?? id}`}>{truncate(names.get(id)?.name ?? id, lang === 'ko' ? 12 : 22)}</td>
                    <td className="num">{formatInt(num(r.partners) ?? 0, lang)}</td>
                    <td className="dp-ei" title={ei === null ? t('metrics.ei_index.def') : undefined}>
                      <span className="dp-ei-track">
                        <span className="dp-ei-zero" />
                        {ei !== null && <span className={`dp-ei-bar ${ei < 0 ? 'neg' : 'pos'}`} style={ei < 0 ? { right: '50%', width: `${-ei * 50}%` } : { left: '50%', width: `${ei * 50}%` }} />}
                      </span>
                      <span className="num">{ei === null ? '–' : formatNumber(ei, lang, 2)}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
