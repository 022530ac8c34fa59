/**
 * Per administration (continuitySummary): monthly mean events and programs,
 * active programs, headcount, hours per head, engaged share. Headers are
 * translated with each metric's definition; the exports keep the SPEC's
 * column names and full precision.
 */
import { useTranslation } from 'react-i18next';
import type { Administration } from '../../../src-main/common/continuityApi';
import type { DecodedTable } from '../../api/client';
import { formatDate, formatInt, formatNumber, formatPercent } from '../../format';
import { Definition } from '../Definition';
import { TableExport } from '../TableExport';
import { colourOf, headOf, notesList } from './model';

const METRICS = ['months', 'events_per_month', 'programs_per_month', 'active_programs', 'headcount', 'hours_per_head', 'engaged_share'] as const;

export function SummaryTable({ table, admins, before, after, minEvents }: { table: DecodedTable | undefined; admins: Administration[]; before: string | undefined; after: string | undefined; minEvents: number | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const rows = table?.rows ?? [];
  const cell = (c: (typeof METRICS)[number], v: unknown): string => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
    if (c === 'engaged_share') return formatPercent(v, lang, 1);
    if (c === 'months' || c === 'active_programs' || c === 'headcount') return formatInt(v, lang);
    return formatNumber(v, lang, 1);
  };
  return (
    <section className="ct-summary">
      <div className="section-title">
        <span>
          {t('continuity.summary.title')} <Definition text={t('continuity.summary.definition')} />
        </span>
        <TableExport columns={table?.columns ?? []} rows={rows} filename="sotong-administrations-summary" header={[t('continuity.summary.title'), `min_events = ${minEvents ?? ''}`]} />
      </div>
      <div className="table-wrap">
        <table className="data-table ct-summary-table" data-testid="ct-summary">
          <thead>
            <tr>
              <th>{t('continuity.summary.administration')}</th>
              <th>{t('continuity.summary.period')}</th>
              {METRICS.map((c) => (
                <th key={c} className="num">
                  {t(`continuity.summary.col.${c}`)} <Definition text={t(`continuity.summary.def.${c}`, { m: minEvents ?? 3 })} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const id = String(r.administration_id);
              const a = admins.find((x) => x.administration_id === id);
              const role = id === before ? 'A' : id === after ? 'B' : '';
              return (
                <tr key={id} className={role ? 'selected' : undefined} data-testid={`ct-summary-${id}`}>
                  <td>
                    <span className="ct-swatch" style={{ background: colourOf(admins, id) }} /> {a ? headOf(a) : id} <span className="note">{id}</span>
                    {role && <span className="ct-chip-role">{role}</span>}
                  </td>
                  <td>
                    {formatDate(r.starts_on as string, lang)} – {r.ends_on ? formatDate(r.ends_on as string, lang) : t('continuity.strip.open')}
                  </td>
                  {METRICS.map((c) => (
                    <td key={c} className="num">
                      {cell(c, r[c])}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {notesList(table?.notes).length > 0 && (
        <details className="ct-notes">
          <summary>{t('continuity.notes')}</summary>
          <ul>
            {notesList(table?.notes).map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
