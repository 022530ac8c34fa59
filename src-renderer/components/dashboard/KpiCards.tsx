/**
 * The five KPI cards of the dashboard: the year's value, the change against
 * the year before (the same period a year earlier: both are whole calendar
 * years), and a sparkline of the same KPI per year. Suppressed values show
 * "< k"; every card links to the screen that explains it.
 */
import { useTranslation } from 'react-i18next';
import type { DepartmentTotals } from '../../../src-main/common/departmentsApi';
import { formatInt, formatNumber, formatPercent } from '../../format';
import { Definition } from '../Definition';
import { Suppressed } from '../Suppressed';
import { DbLink, type Explain } from './DbPanel';
import { programsActive, yearParams, type DashboardData } from './model';

export const KPIS = ['staff_engaged', 'hours_per_head', 'citizens_reached', 'cross_share', 'programs_active'] as const;
export type KpiId = (typeof KPIS)[number];

interface YearValue {
  value: number | null;
  suppressed: boolean;
  /** No data for that year at all. */
  missing: boolean;
}

/** A KPI's value in a year, as the engine returned it (null when suppressed or undefined). */
export function kpiValue(data: DashboardData, kpi: KpiId, year: number): YearValue {
  if (kpi === 'programs_active') {
    const p = programsActive(data.programs.value, year);
    const t = data.totals.get(year);
    return { value: p && t ? p.count : null, suppressed: false, missing: !t };
  }
  const t: DepartmentTotals | undefined = data.totals.get(year);
  if (!t) return { value: null, suppressed: false, missing: true };
  const v = t[kpi];
  return { value: typeof v === 'number' ? v : null, suppressed: v === null && !!t.notes?.suppressed, missing: false };
}

export function formatKpi(kpi: KpiId, v: number | null, lang: string): string {
  if (v === null) return '–';
  if (kpi === 'cross_share') return formatPercent(v, lang, 1);
  if (kpi === 'hours_per_head') return formatNumber(v, lang, 1);
  return formatInt(v, lang);
}

const signed = (v: number, lang: string, style: 'percent' | 'decimal') =>
  new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US', { style, maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: 'exceptZero' }).format(v);

/** "+4.2 % vs 2023" (relative) or "+1.3 pp vs 2023" (shares: difference in percentage points). */
export function kpiChange(kpi: KpiId, now: YearValue, before: YearValue, lang: string): { text: string; direction: 'up' | 'down' | 'flat' } | { none: 'missing' | 'suppressed' | 'zero' } {
  if (before.missing) return { none: 'missing' };
  if (now.suppressed || before.suppressed || now.value === null || before.value === null) return { none: 'suppressed' };
  const direction = now.value > before.value ? 'up' : now.value < before.value ? 'down' : 'flat';
  if (kpi === 'cross_share') return { text: signed((now.value - before.value) * 100, lang, 'decimal'), direction };
  if (before.value === 0) return { none: 'zero' };
  return { text: signed(now.value / before.value - 1, lang, 'percent'), direction };
}

const EXPLAIN = (kpi: KpiId, year: number): Explain => (kpi === 'programs_active' ? { screen: 'continuity' } : { screen: 'departments', params: yearParams(year) });

/** `large`: the printed report's cards (two per row, wider sparklines with their years). */
export function KpiCards({ data, large }: { data: DashboardData; large?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const years = [...data.totals.keys()].filter((y) => y <= data.year).sort((a, b) => a - b);
  return (
    <div className="db-kpis" data-testid="db-kpis">
      {KPIS.map((kpi) => {
        const now = kpiValue(data, kpi, data.year);
        const before = kpiValue(data, kpi, data.year - 1);
        const change = kpiChange(kpi, now, before, lang);
        const series = years.map((y) => ({ year: y, value: kpiValue(data, kpi, y).value }));
        const programs = kpi === 'programs_active' ? programsActive(data.programs.value, data.year) : undefined;
        return (
          <div key={kpi} className="db-kpi" data-testid={`db-kpi-${kpi}`}>
            <div className="db-kpi-label">
              {t(`dashboard.kpi.${kpi}`)} <Definition text={t(`dashboard.def.${kpi}`)} />
            </div>
            <div className="db-kpi-value" data-testid={`db-kpi-${kpi}-value`}>
              {now.suppressed ? <Suppressed /> : formatKpi(kpi, now.value, lang)}
            </div>
            <div className="db-kpi-change" title={t('dashboard.def.change')} data-testid={`db-kpi-${kpi}-change`}>
              {'text' in change ? (
                <span className={`db-change db-change-${change.direction}`}>
                  {change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '='} {t(kpi === 'cross_share' ? 'dashboard.kpi.changePp' : 'dashboard.kpi.change', { value: change.text, year: data.year - 1 })}
                </span>
              ) : (
                <span className="note">{t(`dashboard.kpi.noChange.${change.none}`, { year: data.year - 1 })}</span>
              )}
            </div>
            <Sparkline
              points={series}
              label={t('dashboard.kpi.sparkline', { from: years[0] ?? data.year, to: data.year })}
              format={(v) => formatKpi(kpi, v, lang)}
              {...(large ? { width: 300, height: 64, years: true } : {})}
            />
            {programs && programs.suppressed > 0 && <div className="note">{t('dashboard.kpi.suppressedPrograms', { count: programs.suppressed })}</div>}
            <DbLink to={EXPLAIN(kpi, data.year)} testId={`db-kpi-${kpi}-link`} />
          </div>
        );
      })}
    </div>
  );
}

/** A small line of the KPI per year; the chosen year is the last, dotted point. Gaps (suppressed years) stay gaps. */
export function Sparkline({
  points,
  label,
  format,
  width = 150,
  height = 34,
  years = false,
}: {
  points: { year: number; value: number | null }[];
  label: string;
  format: (v: number) => string;
  width?: number;
  height?: number;
  /** Write the first and last year under the line. */
  years?: boolean;
}) {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (points.length < 2 || values.length === 0) return <div className="db-spark-empty" style={{ height }} />;
  const min = Math.min(0, ...values);
  const max = Math.max(...values);
  const pad = 4;
  const bottom = years ? 14 : 0;
  const x = (i: number) => pad + (i * (width - 2 * pad)) / (points.length - 1);
  const y = (v: number) => height - bottom - pad - ((v - min) / (max - min || 1)) * (height - bottom - 2 * pad);
  const segments: string[] = [];
  let current = '';
  points.forEach((p, i) => {
    if (p.value === null) {
      if (current) segments.push(current);
      current = '';
    } else current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const last = points.at(-1)!;
  const title = `${label}: ${points.map((p) => `${p.year} ${p.value === null ? '–' : format(p.value)}`).join(' · ')}`;
  return (
    <svg className="db-spark" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      {segments.map((d, i) => (
        <path key={i} d={d} fill="none" stroke="#0b6e99" strokeWidth={1.6} strokeLinejoin="round" />
      ))}
      {last.value !== null && <circle cx={x(points.length - 1)} cy={y(last.value)} r={2.8} fill="#0b4f71" />}
      {years && (
        <g fontSize={10} fill="#5f6b7a">
          <line x1={pad} x2={width - pad} y1={height - bottom - 1} y2={height - bottom - 1} stroke="#e2e6ec" />
          <text x={pad} y={height - 2}>
            {points[0]!.year}
          </text>
          <text x={width - pad} y={height - 2} textAnchor="end">
            {last.year}
          </text>
        </g>
      )}
    </svg>
  );
}
