/**
 * The program timeline: one bar per program from its first to its last month,
 * coloured by the administration in office at its first event; every change
 * of administration is a vertical line, the A → B boundary a bold one with its
 * windows shaded. At most MAX_PROGRAMS bars: the programs with most events.
 */
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Administration, ContinuityResult } from '../../../src-main/common/continuityApi';
import type { DecodedTable, Row } from '../../api/client';
import { formatInt } from '../../format';
import { ChartFrame } from '../ChartFrame';
import { TableExport } from '../TableExport';
import { colourOf, dayIndex, formatMonth, headOf, monthIndex, NO_ADMINISTRATION_COLOUR, yearOfIndex, yearsOf } from './model';

export const MAX_PROGRAMS = 40;
const ROW = 24;
const LABEL_CHARS = 46;

interface Bar {
  program: string;
  range: [number, number];
  first: string;
  last: string;
  events: number;
  started_in: string | null;
  crossed: boolean | null | undefined;
}

function ProgramTick({ x, y, payload }: { x?: number; y?: number; payload?: { value: string } }) {
  const name = payload?.value ?? '';
  const short = name.length > LABEL_CHARS ? `${name.slice(0, LABEL_CHARS - 1)}…` : name;
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={11} fill="#1c2430">
      <title>{name}</title>
      {short}
    </text>
  );
}

export function ProgramTimeline({ table, admins, result, windowMonths }: { table: DecodedTable | undefined; admins: Administration[]; result: ContinuityResult | undefined; windowMonths: number | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const rows = table?.rows ?? [];
  // Crossing of the chosen boundary, from the comparison itself (same W, m and scope; A and B need not be adjacent).
  const survived = new Set(result?.programs_after ?? []);
  const ended = new Set(result?.ended ?? []);
  const activeBefore = new Set(result?.programs_before ?? []);
  const crossed = (program: string): boolean | null | undefined =>
    !result ? undefined : ended.has(program) ? false : activeBefore.has(program) && survived.has(program) ? true : null;
  const all: Bar[] = rows
    .filter((r) => r.first_month && r.last_month)
    .map((r: Row) => ({
      program: String(r.program),
      first: String(r.first_month),
      last: String(r.last_month),
      range: [monthIndex(String(r.first_month)), monthIndex(String(r.last_month)) + 1] as [number, number],
      events: Number(r.events ?? 0),
      started_in: (r.started_in as string | null) ?? null,
      crossed: crossed(String(r.program)),
    }));
  const shown = [...all]
    .sort((a, b) => b.events - a.events)
    .slice(0, MAX_PROGRAMS)
    .sort((a, b) => a.range[0] - b.range[0] || a.program.localeCompare(b.program));
  const lo = Math.min(...shown.map((b) => b.range[0]));
  const hi = Math.max(...shown.map((b) => b.range[1]));
  const y0 = yearOfIndex(lo);
  const y1 = yearOfIndex(hi);
  const step = y1 - y0 > 24 ? 4 : y1 - y0 > 10 ? 2 : 1;
  const ticks: number[] = [];
  for (let y = Math.ceil(y0 / step) * step; y * 12 <= hi; y += step) if (y * 12 >= lo) ticks.push(y * 12);
  const boundaries = admins.slice(1).filter((a) => dayIndex(a.starts_on) > lo && dayIndex(a.starts_on) < hi);
  const t0 = result ? dayIndex(result.boundary) : undefined;
  const startedIn = new Set(shown.map((b) => b.started_in));
  const legend = [...admins.filter((a) => startedIn.has(a.administration_id)), ...(startedIn.has(null) ? [null] : [])];
  const exportColumns = table?.columns ?? [];

  const crossedText = (b: Bar) =>
    !result || b.crossed === undefined ? '' : b.crossed === true ? t('continuity.timeline.crossedYes', { b: result.after }) : b.crossed === false ? t('continuity.timeline.crossedNo', { b: result.after }) : t('continuity.timeline.crossedNull', { b: result.after });

  return (
    <div className="ct-timeline">
      <ChartFrame
        title={t('continuity.timeline.title')}
        definition={t('continuity.timeline.definition', { max: MAX_PROGRAMS })}
        points={all.length}
        maxPoints={MAX_PROGRAMS}
        filename="sotong-program-timeline"
        testId="ct-timeline"
        height={Math.max(160, shown.length * ROW + 50)}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart layout="vertical" data={shown} margin={{ top: 16, right: 24, bottom: 4, left: 8 }} barCategoryGap={4}>
            <CartesianGrid horizontal={false} strokeDasharray="2 4" />
            <XAxis type="number" dataKey="range" domain={[lo, hi]} ticks={ticks} tickFormatter={(v: number) => String(yearOfIndex(v))} allowDataOverflow fontSize={11} />
            <YAxis type="category" dataKey="program" width={300} interval={0} tick={<ProgramTick />} />
            {t0 !== undefined && windowMonths !== undefined && Number.isFinite(windowMonths) && <ReferenceArea x1={Math.max(lo, t0 - windowMonths)} x2={Math.min(hi, t0 + windowMonths)} fill="#0b6e99" fillOpacity={0.07} ifOverflow="hidden" />}
            {boundaries.map((a) => (
              <ReferenceLine key={a.administration_id} x={dayIndex(a.starts_on)} stroke="#8a94a3" strokeDasharray="3 3" />
            ))}
            {t0 !== undefined && t0 > lo && t0 < hi && <ReferenceLine x={t0} stroke="#12324a" strokeWidth={2} label={{ value: `${result?.before} | ${result?.after}`, position: 'top', fontSize: 11, fill: '#12324a' }} />}
            <Tooltip
              cursor={{ fill: 'rgba(11,110,153,0.06)' }}
              content={({ active, payload }) => {
                const b = active ? (payload?.[0]?.payload as Bar | undefined) : undefined;
                if (!b) return null;
                const a = admins.find((x) => x.administration_id === b.started_in);
                return (
                  <div className="ct-tooltip">
                    <strong>{b.program}</strong>
                    <div>
                      {formatMonth(b.first, lang)} – {formatMonth(b.last, lang)} · {t('continuity.timeline.events', { count: b.events, formatted: formatInt(b.events, lang) })}
                    </div>
                    <div>{t('continuity.timeline.startedUnder', { who: a ? `${headOf(a)} (${a.administration_id})` : t('continuity.timeline.beforeAny') })}</div>
                    {crossedText(b) && <div>{crossedText(b)}</div>}
                  </div>
                );
              }}
            />
            <Bar dataKey="range" isAnimationActive={false} minPointSize={2}>
              {shown.map((b) => (
                <Cell key={b.program} fill={colourOf(admins, b.started_in)} fillOpacity={b.crossed === false ? 0.55 : 1} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </ChartFrame>
      <div className="ct-legend" data-testid="ct-timeline-legend">
        <span className="note">{t('continuity.timeline.legend')}</span>
        {legend.map((a) => (
          <span key={a?.administration_id ?? '-'} className="ct-legend-item">
            <span className="ct-swatch" style={{ background: a ? colourOf(admins, a.administration_id) : NO_ADMINISTRATION_COLOUR }} />
            {a ? `${headOf(a)} ${yearsOf(a)}` : t('continuity.timeline.beforeAny')}
          </span>
        ))}
        <span className="ct-spacer" />
        {all.length > MAX_PROGRAMS && <span className="note">{t('continuity.timeline.capped', { shown: MAX_PROGRAMS, total: all.length })}</span>}
        <TableExport columns={exportColumns} rows={rows} filename="sotong-program-timeline" />
      </div>
    </div>
  );
}
