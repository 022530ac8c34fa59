/**
 * Depth of participation (depthProfile): events of each department per IAP2
 * spectrum level, stacked in the spectrum's order (inform → empower, then
 * "not recorded"), as counts or as shares of the department's events.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Row } from '../../api/client';
import { formatInt, formatPercent } from '../../format';
import { ChartFrame } from '../ChartFrame';
import { TableExport } from '../TableExport';
import { num, SPECTRUM, SPECTRUM_COLOURS, type DepartmentInfo, type DepthScale } from './model';
import { nameAxisWidth, nameTick } from './NameTick';
import { LEGEND_ROW, SvgLegend } from './SvgLegend';

export const MAX_BARS = 100;
const LEVELS = [...SPECTRUM, 'none'] as const;

export function DepthProfile({
  rows,
  order,
  names,
  scale,
  onScale,
  focus,
  onFocus,
}: {
  rows: Row[];
  order: string[];
  names: Map<string, DepartmentInfo>;
  scale: DepthScale;
  onScale: (s: DepthScale) => void;
  focus?: string;
  onFocus: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data, total, levels } = useMemo(() => {
    const counts = new Map<string, Record<string, number>>();
    const seen = new Set<string>();
    for (const r of rows) {
      const d = String(r.department_id);
      const level = typeof r.spectrum === 'string' && (SPECTRUM as readonly string[]).includes(r.spectrum) ? r.spectrum : 'none';
      seen.add(level);
      const o = counts.get(d) ?? {};
      o[level] = (o[level] ?? 0) + (num(r.events) ?? 0);
      counts.set(d, o);
    }
    const ids = order.filter((d) => counts.has(d));
    const data = ids.slice(0, MAX_BARS).map((d) => {
      const c = counts.get(d)!;
      const sum = Object.values(c).reduce((a, b) => a + b, 0);
      const values = Object.fromEntries(LEVELS.map((l) => [l, scale === 'share' ? (sum > 0 ? (c[l] ?? 0) / sum : 0) : (c[l] ?? 0)]));
      return { id: d, sum, counts: c, ...values };
    });
    return { data, total: ids.length, levels: LEVELS.filter((l) => seen.has(l)) };
  }, [rows, order, scale]);
  const height = Math.max(200, data.length * 18 + 90);
  const labelWidth = nameAxisWidth(data.map((d) => d.id), names, 180);
  const levelLabel = (l: string) => t(`departments.depth.level.${l}`);

  return (
    <div className="dp-chart-block">
      <div className="dp-chart-tools">
        <label>
          {t('departments.depth.scale')}
          <select value={scale} onChange={(e) => onScale(e.target.value as DepthScale)} data-testid="dp-depth-scale">
            <option value="share">{t('departments.depth.share')}</option>
            <option value="count">{t('departments.depth.count')}</option>
          </select>
        </label>
        <TableExport columns={['department_id', 'spectrum', 'events']} rows={rows} filename="sotong-depth-profile" />
      </div>
      <ChartFrame
        title={t('departments.depth.title')}
        definition={`${t('departments.depth.definition')} ${t('metrics.spectrum.def')}`}
        points={total}
        maxPoints={MAX_BARS}
        filename={`sotong-depth-profile-${scale}`}
        testId="dp-depth-chart"
        height={height}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 8 + 2 * LEGEND_ROW, right: 16, bottom: 4, left: 4 }} barCategoryGap={3}>
            <XAxis type="number" domain={scale === 'share' ? [0, 1] : [0, 'auto']} tickFormatter={(v: number) => (scale === 'share' ? formatPercent(v, lang, 0) : formatInt(v, lang))} fontSize={11} />
            <YAxis type="category" dataKey="id" width={labelWidth} interval={0} tick={nameTick(names, labelWidth, focus, onFocus)} tickLine={false} />
            <Tooltip
              cursor={{ fill: 'rgba(11,110,153,0.06)' }}
              content={({ active, payload }) => {
                const p = payload?.[0]?.payload as { id: string; sum: number; counts: Record<string, number> } | undefined;
                if (!active || !p) return null;
                return (
                  <div className="dp-tooltip">
                    <strong>{names.get(p.id)?.name ?? p.id}</strong> ({p.id}) · {formatInt(p.sum, lang)} {t('metrics.events.label').toLowerCase()}
                    <table>
                      <tbody>
                        {levels.map((l) => (
                          <tr key={l}>
                            <td>
                              <span className="dp-swatch" style={{ background: SPECTRUM_COLOURS[l] }} />
                              {levelLabel(l)}
                            </td>
                            <td className="num">{formatInt(p.counts[l] ?? 0, lang)}</td>
                            <td className="num">{formatPercent(p.sum > 0 ? (p.counts[l] ?? 0) / p.sum : 0, lang, 1)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                );
              }}
            />
            <SvgLegend items={levels.map((l) => ({ key: l, label: levelLabel(l), colour: SPECTRUM_COLOURS[l] ?? '#888' }))} />
            {levels.map((l) => (
              <Bar key={l} dataKey={l} stackId="depth" fill={SPECTRUM_COLOURS[l]} isAnimationActive={false} cursor="pointer" onClick={(d: { payload?: { id?: string } }) => d.payload?.id && onFocus(d.payload.id)}>
                {data.map((d) => (
                  <Cell key={d.id} fillOpacity={!focus || d.id === focus ? 1 : 0.35} />
                ))}
              </Bar>
            ))}
          </BarChart>
        </ResponsiveContainer>
      </ChartFrame>
    </div>
  );
}
