/**
 * Monthly events (or hours) stacked by channel, from departmentSeries by
 * channel: all departments in scope, or only the focused department's own
 * participations. Months between the first and the last with activity that
 * have none are drawn as 0 (the engine sends no row for them).
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Row } from '../../api/client';
import { formatInt, formatNumber } from '../../format';
import { ChartFrame } from '../ChartFrame';
import { CHANNEL_COLOURS, CHANNELS, num, type AreaMeasure } from './model';
import { LEGEND_ROW, SvgLegend } from './SvgLegend';

export const MAX_MONTHS = 480;

const nextMonth = (m: string): string => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
};

export const formatMonth = (m: string, lang: string): string => (lang === 'ko' ? `${Number(m.slice(0, 4))}. ${Number(m.slice(5, 7))}.` : m.slice(0, 7));

export function ChannelArea({ rows, measure, onMeasure, focusName, loading }: { rows: Row[] | undefined; measure: AreaMeasure; onMeasure: (m: AreaMeasure) => void; focusName?: string; loading?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data, channels, months } = useMemo(() => {
    const byMonth = new Map<string, Record<string, number>>();
    const present = new Set<string>();
    for (const r of rows ?? []) {
      const m = String(r.month);
      const c = String(r.channel);
      const v = num(r[measure]) ?? 0;
      present.add(c);
      const o = byMonth.get(m) ?? {};
      o[c] = (o[c] ?? 0) + v;
      byMonth.set(m, o);
    }
    const keys = [...byMonth.keys()].sort();
    const out: Record<string, string | number>[] = [];
    if (keys.length) {
      const last = keys[keys.length - 1]!;
      for (let m = keys[0]!; m <= last; m = nextMonth(m)) out.push({ month: m, ...Object.fromEntries([...present].map((c) => [c, byMonth.get(m)?.[c] ?? 0])) });
    }
    const ordered = [...CHANNELS.filter((c) => present.has(c)), ...[...present].filter((c) => !(CHANNELS as readonly string[]).includes(c)).sort()];
    return { data: out, channels: ordered, months: out.length };
  }, [rows, measure]);
  const shown = data.slice(0, MAX_MONTHS);
  // One tick per year (January), or per quarter on short spans.
  const ticks = shown.filter((d) => (months > 36 ? String(d.month).slice(5, 7) === '01' : ['01', '04', '07', '10'].includes(String(d.month).slice(5, 7)))).map((d) => String(d.month));
  const measureLabel = t(`metrics.${measure}.label`);
  const fmt = (v: number) => (measure === 'events' ? formatInt(v, lang) : formatNumber(v, lang, 1));

  return (
    <div className="dp-chart-block">
      <div className="dp-chart-tools">
        <label>
          {t('departments.area.measure')}
          <select value={measure} onChange={(e) => onMeasure(e.target.value as AreaMeasure)} data-testid="dp-area-measure">
            <option value="events">{t('metrics.events.label')}</option>
            <option value="hours">{t('metrics.hours.label')}</option>
          </select>
        </label>
        {loading && <span className="note">{t('departments.loading')}</span>}
      </div>
      <ChartFrame
        title={focusName ? t('departments.area.titleFocus', { measure: measureLabel, name: focusName }) : t('departments.area.title', { measure: measureLabel })}
        definition={`${t('departments.area.definition')} ${t(`metrics.${measure}.def`)}`}
        points={months}
        maxPoints={MAX_MONTHS}
        filename={`sotong-monthly-${measure}-by-channel`}
        testId="dp-area-chart"
        height={320}
      >
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={shown} margin={{ top: 10 + 2 * LEGEND_ROW, right: 16, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="#eef1f4" vertical={false} />
            <XAxis dataKey="month" ticks={ticks} tickFormatter={(m: string) => (months > 36 ? m.slice(0, 4) : formatMonth(m, lang))} fontSize={11} minTickGap={14} />
            <YAxis tickFormatter={fmt} fontSize={11} width={56} />
            <Tooltip
              labelFormatter={(m) => formatMonth(String(m), lang)}
              formatter={(v, name) => [fmt(Number(v)), t(`channel.${String(name)}`, String(name))]}
              itemSorter={(item) => -(CHANNELS as readonly string[]).indexOf(String(item.dataKey))}
            />
            <SvgLegend items={channels.map((c) => ({ key: c, label: t(`channel.${c}`, c), colour: CHANNEL_COLOURS[c] ?? '#888' }))} />
            {channels.map((c) => (
              <Area key={c} type="linear" dataKey={c} stackId="1" stroke={CHANNEL_COLOURS[c] ?? '#888'} fill={CHANNEL_COLOURS[c] ?? '#888'} fillOpacity={0.75} strokeWidth={1} isAnimationActive={false} dot={false} />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </ChartFrame>
    </div>
  );
}
