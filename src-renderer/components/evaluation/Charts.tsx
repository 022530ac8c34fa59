/**
 * The Evaluation screen's charts, from aggregates the engine computed: box
 * plots by department (engagement share, composite) composed from a Recharts
 * Bar with a custom shape, and the sensitivity of the ranking to w.
 */
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { PROPOSED_WEIGHT_BAND, type DepartmentDistribution, type Distribution, type SensitivityRow } from '../../../src-main/common/evaluationApi';
import { ChartFrame } from '../ChartFrame';
import { formatInt, formatNumber, formatPercent } from '../../format';

const INK = '#1c2430';
const BOX = '#0b6e99';
const BOX_FILL = '#cfe6f1';
const TAU = '#0b6e99';
const QUINTILE = '#c2410c';
export const MAX_DEPARTMENTS = 60;

interface BoxRow extends Distribution {
  label: string;
}

interface ShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  payload?: BoxRow;
}

/**
 * Horizontal box: the Bar spans 0 → max, so the axis maps v to x + width · v / max
 * (the value axis starts at 0; every value here is ≥ 0).
 */
function BoxShape({ x = 0, y = 0, width = 0, height = 0, payload }: ShapeProps) {
  if (!payload) return null;
  const px = (v: number) => (payload.max > 0 ? x + (width * v) / payload.max : x);
  const mid = y + height / 2;
  const h = Math.max(4, height * 0.7);
  const top = mid - h / 2;
  return (
    <g>
      <line x1={px(payload.min)} x2={px(payload.max)} y1={mid} y2={mid} stroke={INK} strokeWidth={1} />
      <line x1={px(payload.min)} x2={px(payload.min)} y1={top + h * 0.2} y2={top + h * 0.8} stroke={INK} />
      <line x1={px(payload.max)} x2={px(payload.max)} y1={top + h * 0.2} y2={top + h * 0.8} stroke={INK} />
      <rect x={px(payload.p25)} y={top} width={Math.max(1, px(payload.p75) - px(payload.p25))} height={h} fill={BOX_FILL} stroke={BOX} />
      <line x1={px(payload.median)} x2={px(payload.median)} y1={top} y2={top + h} stroke={BOX} strokeWidth={2.5} />
    </g>
  );
}

function BoxTooltip({ active, payload, percent }: { active?: boolean; payload?: { payload: BoxRow }[]; percent: boolean }) {
  const { t, i18n } = useTranslation();
  const row = active ? payload?.[0]?.payload : undefined;
  if (!row) return null;
  const f = (v: number) => (percent ? formatPercent(v, i18n.language, 1) : formatNumber(v, i18n.language, 2));
  return (
    <div className="ev-tooltip">
      <strong>{row.label}</strong>
      <table>
        <tbody>
          {(['max', 'p75', 'median', 'p25', 'min'] as const).map((k) => (
            <tr key={k}>
              <td>{t(`evaluation.chart.${k}`)}</td>
              <td className="num">{f(row[k])}</td>
            </tr>
          ))}
          <tr>
            <td>{t('evaluation.chart.n')}</td>
            <td className="num">{formatInt(row.n, i18n.language)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

const LABEL_WIDTH = 170;

/** One line per department: long names are cut with an ellipsis (the tooltip has the whole name). */
function DepartmentTick({ x = 0, y = 0, payload }: { x?: number; y?: number; payload?: { value: string } }) {
  const full = payload?.value ?? '';
  // ~6 px per Latin character and ~11 px per Hangul syllable at 11 px.
  let width = 0;
  let cut = full.length;
  for (let i = 0; i < full.length; i++) {
    width += /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(full[i]!) ? 11 : 6;
    if (width > LABEL_WIDTH - 14) {
      cut = i;
      break;
    }
  }
  const text = cut < full.length ? `${full.slice(0, cut)}…` : full;
  return (
    <text x={x - 4} y={y} dy={4} textAnchor="end" fontSize={11} fill="#3b4654">
      <title>{full}</title>
      {text}
    </text>
  );
}

export const DepartmentBoxPlot = memo(function DepartmentBoxPlot({
  title, departments, metric, label, filename, testId,
}: {
  title: string;
  departments: DepartmentDistribution[];
  metric: 'engagement_share' | 'composite';
  label: (d: DepartmentDistribution) => string;
  filename: string;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const percent = metric === 'engagement_share';
  const rows: BoxRow[] = departments.slice(0, MAX_DEPARTMENTS).map((d) => ({ ...d[metric], label: label(d) }));
  const height = Math.max(160, rows.length * 18 + 56);
  const tick = (v: number) => (percent ? formatPercent(v, i18n.language, 0) : formatNumber(v, i18n.language, 0));
  return (
    <ChartFrame title={title} definition={`${t(`evaluation.def.${metric}`)} ${t('evaluation.chart.boxDefinition')}`} points={departments.length} maxPoints={MAX_DEPARTMENTS} filename={filename} testId={testId} height={height}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid horizontal={false} stroke="#eef1f4" />
          <XAxis type="number" dataKey="max" domain={[0, percent ? (max: number) => Math.min(1, Math.ceil(max * 10) / 10 || 0.1) : 'auto']} tickFormatter={tick} fontSize={11} />
          <YAxis type="category" dataKey="label" width={LABEL_WIDTH} interval={0} tickLine={false} tick={<DepartmentTick />} />
          <Tooltip content={<BoxTooltip percent={percent} />} cursor={{ fill: 'rgba(11,110,153,0.06)' }} />
          <Bar dataKey="max" shape={<BoxShape />} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
});

export const SensitivityChart = memo(function SensitivityChart({ rows, weight }: { rows: SensitivityRow[]; weight: number }) {
  const { t, i18n } = useTranslation();
  const data = rows.map((r) => ({ weight: r.weight, tau: r.kendall_tau, quintile: r.quintile_changed_share }));
  // tau-b can be negative when engagement reverses the ranking: extend the axis below 0 then.
  const lowest = Math.min(0, ...data.map((d) => d.tau ?? 0));
  const minY = Math.floor(lowest * 5) / 5;
  const [lo, hi] = PROPOSED_WEIGHT_BAND;
  const pct = (v: number) => formatPercent(v, i18n.language, 0);
  return (
    <ChartFrame title={t('evaluation.chart.sensitivity')} definition={t('evaluation.chart.sensitivityDefinition')} points={data.length} maxPoints={50} filename="sotong-evaluation-sensitivity" testId="ev-chart-sensitivity" height={260}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 14, right: 20, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#eef1f4" />
          <ReferenceArea x1={lo} x2={hi} fill="#f5b94233" stroke="none" label={{ value: t('evaluation.chart.proposal'), position: 'insideTop', fontSize: 11, fill: '#7a4a00' }} />
          <XAxis type="number" dataKey="weight" domain={[0, 0.6]} ticks={[0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]} tickFormatter={pct} fontSize={11} />
          <YAxis domain={[minY, 1]} ticks={Array.from({ length: Math.round((1 - minY) / 0.2) + 1 }, (_, i) => Math.round((minY + i * 0.2) * 10) / 10)} tickFormatter={(v: number) => formatNumber(v, i18n.language, 1)} fontSize={11} width={36} />
          <Tooltip
            labelFormatter={(v) => `w = ${pct(Number(v))}`}
            formatter={(v, name) => [v === null || v === undefined ? '–' : name === 'quintile' ? pct(Number(v)) : formatNumber(Number(v), i18n.language, 3), name === 'tau' ? t('evaluation.chart.tau') : t('evaluation.chart.quintile')]}
          />
          {/* HTML legend: no extra svg.recharts-surface, which ChartFrame's SVG/PNG export would pick up */}
          <Legend
            content={() => (
              <div className="ev-legend">
                <span><i style={{ background: TAU }} /> {t('evaluation.chart.tau')}</span>
                <span><i style={{ background: QUINTILE }} /> {t('evaluation.chart.quintile')}</span>
                <span><i className="ev-band-swatch" /> {t('evaluation.band')}</span>
              </div>
            )}
          />
          <ReferenceLine x={weight} stroke={INK} strokeDasharray="4 3" label={{ value: t('evaluation.chart.current'), position: 'insideTopRight', fontSize: 11, fill: INK }} />
          <Line dataKey="tau" stroke={TAU} strokeWidth={2} dot={{ r: 2.5 }} isAnimationActive={false} connectNulls={false} />
          <Line dataKey="quintile" stroke={QUINTILE} strokeWidth={2} dot={{ r: 2.5 }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
});
