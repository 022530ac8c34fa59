/**
 * Departments ranked by a chosen metric (the table's six, or partners / E-I
 * index from collaborationIndex): one horizontal bar per department with a
 * value, largest first. The focused department is drawn in the accent colour.
 */
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Row } from '../../api/client';
import { ChartFrame } from '../ChartFrame';
import { formatMetric, num, RANK_METRICS, SHARE_METRICS, type DepartmentInfo, type RankMetric } from './model';
import { nameAxisWidth, nameTick } from './NameTick';

export const MAX_BARS = 100;
const FOCUS = '#0b4f71';
const BASE = '#4f93bd';
const DIM = '#c5d3de';

export function RankedBars({
  tableRows,
  indexRows,
  names,
  metric,
  onMetric,
  focus,
  onFocus,
}: {
  tableRows: Row[];
  indexRows: Row[];
  names: Map<string, DepartmentInfo>;
  metric: RankMetric;
  onMetric: (m: RankMetric) => void;
  focus?: string;
  onFocus: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const source = metric === 'partners' || metric === 'ei_index' ? indexRows : tableRows;
  const all = source.map((r) => ({ id: String(r.department_id), value: num(r[metric]) }));
  const valued = all.filter((d): d is { id: string; value: number } => d.value !== null).sort((a, b) => b.value - a.value || a.id.localeCompare(b.id));
  const missing = all.length - valued.length;
  // All zeros (a scope without events) is nothing to rank: the empty state says so.
  const points = valued.some((d) => d.value !== 0) ? valued.length : 0;
  const data = valued.slice(0, MAX_BARS);
  const labelWidth = nameAxisWidth(data.map((d) => d.id), names, 190);
  const metricLabel = t(`metrics.${metric}.label`);
  const height = Math.max(180, data.length * 20 + 50);
  const fmt = (v: number) => formatMetric(metric, v, lang);
  // Shares and the E-I index have a fixed natural range; everything else starts at 0.
  const domain: [number, number] | undefined = SHARE_METRICS.includes(metric) ? [0, 1] : metric === 'ei_index' ? [-1, 1] : undefined;

  return (
    <div className="dp-chart-block">
      <div className="dp-chart-tools">
        <label>
          {t('departments.rank.metric')}
          <select value={metric} onChange={(e) => onMetric(e.target.value as RankMetric)} data-testid="dp-rank-metric">
            {RANK_METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`metrics.${m}.label`)}
              </option>
            ))}
          </select>
        </label>
        {missing > 0 && <span className="note">{t('departments.rank.missing', { count: missing })}</span>}
      </div>
      <ChartFrame
        title={t('departments.rank.title', { metric: metricLabel })}
        definition={t('departments.rank.definition', { def: t(`metrics.${metric}.def`) })}
        points={points}
        maxPoints={MAX_BARS}
        filename={`sotong-departments-${metric}`}
        testId="dp-rank-chart"
        height={height}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 56, bottom: 4, left: 4 }} barCategoryGap={3}>
            <XAxis type="number" domain={domain ?? [0, 'auto']} tickFormatter={fmt} fontSize={11} allowDataOverflow={false} />
            <YAxis type="category" dataKey="id" width={labelWidth} interval={0} tick={nameTick(names, labelWidth, focus, onFocus)} tickLine={false} />
            <Tooltip
              cursor={{ fill: 'rgba(11,110,153,0.06)' }}
              content={({ active, payload }) => {
                const p = payload?.[0]?.payload as { id: string; value: number } | undefined;
                if (!active || !p) return null;
                return (
                  <div className="dp-tooltip">
                    <strong>{names.get(p.id)?.name ?? p.id}</strong> ({p.id})
                    <div>
                      {metricLabel}: {fmt(p.value)}
                    </div>
                  </div>
                );
              }}
            />
            <Bar dataKey="value" isAnimationActive={false} onClick={(d: { payload?: { id?: string } }) => d.payload?.id && onFocus(d.payload.id)} cursor="pointer">
              {data.map((d) => (
                <Cell key={d.id} fill={focus ? (d.id === focus ? FOCUS : DIM) : BASE} />
              ))}
              <LabelList dataKey="value" position="right" formatter={(v: unknown) => (typeof v === 'number' ? fmt(v) : '')} fontSize={10} fill="#5f6b7a" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </ChartFrame>
    </div>
  );
}
