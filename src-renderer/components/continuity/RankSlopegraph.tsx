/**
 * Slopegraph of department ranks by hours per head, A's span → B's span
 * (the ranks behind department_rank_stability; average ranks for ties). The
 * most hours per head are on top; departments that moved by at least `k`
 * ranks are coloured.
 */
import { useTranslation } from 'react-i18next';
import { Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { Catalog } from '../../../src-main/common/api';
import type { Administration, ContinuityResult, DepartmentRanks } from '../../../src-main/common/continuityApi';
import { formatNumber } from '../../format';
import { ChartFrame } from '../ChartFrame';
import { TableExport } from '../TableExport';
import { headOf } from './model';

export const MAX_DEPARTMENTS = 80;
const UP = '#2e7d32';
const DOWN = '#c4554d';
const SAME = '#a3acb8';
const NAME_CHARS = 26;

export function RankSlopegraph({ result, admins, catalog }: { result: ContinuityResult | undefined; admins: Administration[]; catalog: Catalog | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const ranks = (result?.department_ranks ?? []).slice(0, MAX_DEPARTMENTS);
  const n = ranks.length;
  const k = Math.max(1, Math.round(n / 10));
  const nameOf = (d: DepartmentRanks) => {
    const c = catalog?.departments.find((x) => x.department_id === d.department_id);
    const name = (lang === 'ko' ? (c?.name ?? d.name) : (c?.name_en ?? c?.name ?? d.name)) ?? d.department_id;
    return name.length > NAME_CHARS ? `${name.slice(0, NAME_CHARS - 1)}…` : name;
  };
  const colour = (d: DepartmentRanks) => (d.rank_after - d.rank_before >= k ? UP : d.rank_before - d.rank_after >= k ? DOWN : SAME);
  const data = [
    { side: 'A', ...Object.fromEntries(ranks.map((d) => [d.department_id, d.rank_before])) },
    { side: 'B', ...Object.fromEntries(ranks.map((d) => [d.department_id, d.rank_after])) },
  ];
  const A = admins.find((a) => a.administration_id === result?.before);
  const B = admins.find((a) => a.administration_id === result?.after);
  const sideLabel = (s: string) => (s === 'A' ? `A · ${A ? headOf(A) : (result?.before ?? '')}` : `B · ${B ? headOf(B) : (result?.after ?? '')}`);
  const exportRows = ranks.map((d) => ({ ...d }));
  // Tied ranks share one label (names joined), so labels never print over each other.
  const tiedLabel = (side: 'rank_before' | 'rank_after') => {
    const groups = new Map<number, DepartmentRanks[]>();
    for (const d of ranks) groups.set(d[side], [...(groups.get(d[side]) ?? []), d]);
    return (d: DepartmentRanks): { text: string; title: string } | null => {
      const g = groups.get(d[side]) ?? [d];
      if (g[0] !== d) return null;
      const names = g.map(nameOf).join(', ');
      return { text: names.length > NAME_CHARS * 1.6 ? `${names.slice(0, Math.round(NAME_CHARS * 1.6) - 1)}…` : names, title: g.map((x) => x.name ?? x.department_id).join(', ') };
    };
  };
  const labelBefore = tiedLabel('rank_before');
  const labelAfter = tiedLabel('rank_after');

  return (
    <div className="ct-slope">
      <ChartFrame
        title={t('continuity.ranks.title')}
        definition={t('continuity.ranks.definition')}
        points={result?.department_ranks.length ?? 0}
        maxPoints={MAX_DEPARTMENTS}
        filename="sotong-department-ranks"
        testId="ct-slopegraph"
        height={Math.max(200, n * 19 + 50)}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 24, right: 200, bottom: 8, left: 200 }}>
            <XAxis dataKey="side" orientation="top" tickFormatter={sideLabel} axisLine={false} tickLine={false} fontSize={12} fontWeight={600} />
            <YAxis hide type="number" domain={[0.5, n + 0.5]} />
            {ranks.map((d) => {
              const c = colour(d);
              const label = (p: { x?: number | string; y?: number | string; index?: number }) => {
                const x = Number(p.x);
                const y = Number(p.y);
                const before = p.index === 0;
                const rank = before ? d.rank_before : d.rank_after;
                const hph = before ? d.hours_per_head_before : d.hours_per_head_after;
                const shown = (before ? labelBefore : labelAfter)(d);
                if (!shown) return <g key={`${d.department_id}-${p.index}`} />;
                return (
                  <text key={`${d.department_id}-${p.index}`} x={before ? x - 8 : x + 8} y={y} dy={4} fontSize={11} textAnchor={before ? 'end' : 'start'} fill={c === SAME ? '#5f6b7a' : c}>
                    <title>{`${shown.title}: ${formatNumber(hph, lang, 1)} h/head, rank ${formatNumber(rank, lang, 1)}`}</title>
                    {before ? `${shown.text}  ${formatNumber(rank, lang, 1)}` : `${formatNumber(rank, lang, 1)}  ${shown.text}`}
                  </text>
                );
              };
              return <Line key={d.department_id} dataKey={d.department_id} stroke={c} strokeWidth={c === SAME ? 1.2 : 2} dot={{ r: 2.5, fill: c, strokeWidth: 0 }} isAnimationActive={false} label={label} />;
            })}
          </LineChart>
        </ResponsiveContainer>
      </ChartFrame>
      <div className="ct-legend">
        <span className="ct-legend-item">
          <span className="ct-swatch" style={{ background: UP }} />
          {t('continuity.ranks.rose', { k })}
        </span>
        <span className="ct-legend-item">
          <span className="ct-swatch" style={{ background: DOWN }} />
          {t('continuity.ranks.fell', { k })}
        </span>
        <span className="note">{t('continuity.ranks.order')}</span>
        <span className="ct-spacer" />
        <TableExport columns={['department_id', 'name', 'hours_per_head_before', 'hours_per_head_after', 'rank_before', 'rank_after']} rows={exportRows as never} filename="sotong-department-ranks" />
      </div>
    </div>
  );
}
