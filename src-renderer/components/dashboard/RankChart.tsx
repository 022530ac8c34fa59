/**
 * Departments ranked by one metric of the department table (default
 * hours_per_head), largest first, drawn as SVG so that it prints as vectors.
 * Suppressed departments come last with "< k" instead of a bar; departments
 * without a value (no headcount) with "–".
 */
import { useTranslation } from 'react-i18next';
import type { Row } from '../../api/client';
import { formatInt, formatNumber, formatPercent } from '../../format';
import { useProfile } from '../profile';
import { isSuppressed, MAX_DEPARTMENTS, niceMax, num, truncate, useWidth } from './model';

export const RANK_METRICS = ['hours_per_head', 'engaged_share', 'events', 'citizens_reached', 'cross_share'] as const;
export type RankMetric = (typeof RANK_METRICS)[number];

export function formatMetric(metric: string, v: number | null, lang: string): string {
  if (v === null) return '–';
  if (metric === 'engaged_share' || metric === 'cross_share') return formatPercent(v, lang, 1);
  if (metric === 'hours_per_head') return formatNumber(v, lang, 1);
  return formatInt(v, lang);
}

interface Item {
  id: string;
  name: string;
  value: number | null;
  suppressed: boolean;
}

/** Valued departments largest first, then suppressed ones, then those without a value. */
export function rankItems(rows: Row[], metric: RankMetric, names: Map<string, { name: string }>): Item[] {
  const items = rows.map((r) => {
    const id = String(r.department_id);
    return { id, name: names.get(id)?.name ?? id, value: num(r[metric]), suppressed: isSuppressed(r) };
  });
  const group = (i: Item) => (i.suppressed ? 1 : i.value === null ? 2 : 0);
  return items.sort((a, b) => group(a) - group(b) || (b.value ?? 0) - (a.value ?? 0) || a.id.localeCompare(b.id));
}

const ROW = 18;
const TOP = 22;

export function RankChart({ rows, metric, names, width: fixed }: { rows: Row[]; metric: RankMetric; names: Map<string, { name: string }>; width?: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const k = useProfile().profile?.k ?? 5;
  const [ref, width] = useWidth<HTMLDivElement>(fixed);
  const items = rankItems(rows, metric, names).slice(0, MAX_DEPARTMENTS);
  const share = metric === 'engaged_share' || metric === 'cross_share';
  const max = share ? 1 : niceMax(Math.max(0, ...items.map((i) => (i.suppressed ? 0 : (i.value ?? 0)))));
  const labelW = Math.round(Math.min(250, Math.max(120, width * 0.38)));
  const valueW = 70;
  const barW = Math.max(20, width - labelW - valueW - 8);
  const height = TOP + items.length * ROW + 6;
  const x = (v: number) => labelW + (Math.max(0, v) / max) * barW;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const chars = Math.floor((labelW - 10) / (lang === 'ko' ? 12 : 6.6));
  return (
    <div ref={ref} className="db-chart" data-testid="db-rank-chart">
      {width > 0 && (
        <svg className="db-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} xmlns="http://www.w3.org/2000/svg" fontFamily="'Noto Sans KR', sans-serif">
          {ticks.map((v) => (
            <g key={v}>
              <line x1={x(v)} x2={x(v)} y1={TOP - 4} y2={height - 4} stroke="#e2e6ec" />
              <text x={x(v)} y={TOP - 8} fontSize={10} textAnchor="middle" fill="#5f6b7a">
                {formatMetric(metric, v, lang)}
              </text>
            </g>
          ))}
          {items.map((it, i) => {
            const y = TOP + i * ROW;
            return (
              <g key={it.id} data-testid="db-rank-row" data-department={it.id} data-suppressed={it.suppressed ? 'true' : 'false'}>
                <text x={labelW - 6} y={y + ROW / 2 + 4} fontSize={11} textAnchor="end" fill="#1c2430">
                  <title>{`${it.id} · ${it.name}`}</title>
                  {truncate(it.name, chars)}
                </text>
                {it.suppressed ? (
                  <g>
                    <title>{t('privacy.suppressedTooltip', { k })}</title>
                    <text x={labelW + 4} y={y + ROW / 2 + 4} fontSize={11} fontStyle="italic" fill="#5f6b7a" data-testid="db-rank-value">
                      {`< ${k}`}
                    </text>
                  </g>
                ) : (
                  <>
                    {it.value !== null && <rect x={labelW} y={y + 3} width={Math.max(0.5, x(it.value) - labelW)} height={ROW - 6} fill="#4f93bd" rx={1.5} />}
                    <g>
                      {it.value === null && <title>{t('dashboard.rank.noValue')}</title>}
                      <text x={(it.value === null ? labelW : x(it.value)) + 4} y={y + ROW / 2 + 4} fontSize={10.5} fill="#3b4654" data-testid="db-rank-value">
                        {formatMetric(metric, it.value, lang)}
                      </text>
                    </g>
                  </>
                )}
              </g>
            );
          })}
        </svg>
      )}
    </div>
  );
}
