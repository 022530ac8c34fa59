/**
 * The governance-advisor comparison (advisorEffect): the difference in
 * differences in plain words with the number of departments on each side,
 * the caveat above everything else when there is one, a before/after chart
 * of both sides and the per-department comparisons.
 */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CartesianGrid, LabelList, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AdvisorEffect } from '../../../src-main/common/departmentsApi';
import { formatDate, formatInt, formatNumber } from '../../format';
import { ChartFrame } from '../ChartFrame';
import { Definition } from '../Definition';
import { TableExport } from '../TableExport';
import type { DepartmentInfo } from './model';
import { LEGEND_ROW, SvgLegend } from './SvgLegend';

/** Same threshold as the engine (advisorEffect.ts, ADVISOR_MIN_DEPARTMENTS): below it on a side, no conclusion. */
const MIN_DEPARTMENTS = 3;
const TREATED = '#c4554d';
const CONTROL = '#5f6b7a';

/** The engine's caveat, sentence by sentence, in the user's language (rebuilt from the structured result). */
export function caveatLines(t: TFunction, a: AdvisorEffect): string[] {
  if (!a.caveat) return [];
  const nT = a.treated_departments.length;
  const nC = a.control_departments.length;
  if (nT === 0) return [t('departments.advisor.caveat.noTreated')];
  if (nC === 0) return [t('departments.advisor.caveat.noControl')];
  const out: string[] = [];
  if (nT < MIN_DEPARTMENTS || nC < MIN_DEPARTMENTS) out.push(t('departments.advisor.caveat.tooFew', { treated: nT, control: nC }));
  if (a.did === null) out.push(t('departments.advisor.caveat.noDid'));
  if (a.months_missing > 0) out.push(t('departments.advisor.caveat.missing', { count: a.months_missing }));
  return out.length ? out : [a.caveat];
}

const COLUMNS = ['department_id', 'advisor_since', 'months_before', 'months_after', 'treated_before', 'treated_after', 'control_before', 'control_after', 'did'] as const;

export function AdvisorPanel({ advisor, names, focus, onFocus }: { advisor: AdvisorEffect; names: Map<string, DepartmentInfo>; focus?: string; onFocus: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const f = (v: number | null) => formatNumber(v, lang, 2);
  const signed = (v: number | null) => (v === null ? '–' : `${v > 0 ? '+' : v < 0 ? '−' : '±'}${formatNumber(Math.abs(v), lang, 2)}`);
  const nT = advisor.treated_departments.length;
  const nC = advisor.control_departments.length;
  const caveat = caveatLines(t, advisor);
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  const complete = [advisor.treated_before, advisor.treated_after, advisor.control_before, advisor.control_after].every((v) => v !== null) && advisor.did !== null;
  const data = [
    { side: 'before', treated: advisor.treated_before, control: advisor.control_before },
    { side: 'after', treated: advisor.treated_after, control: advisor.control_after },
  ];
  const rows = advisor.comparisons.map((c) => ({ ...c }));
  // Each side's value above its point when it is the higher of the two there, below otherwise: no overlap.
  const pointLabel = (side: 'treated' | 'control') =>
    function PointLabel(p: { x?: number | string; y?: number | string; index?: number; value?: unknown }) {
      const row = data[p.index ?? 0];
      const me = row?.[side] ?? null;
      const other = row?.[side === 'treated' ? 'control' : 'treated'] ?? null;
      if (typeof p.value !== 'number' || me === null) return null;
      const above = other === null || me >= other;
      return (
        <text x={Number(p.x)} y={Number(p.y)} dy={above ? -9 : 17} textAnchor="middle" fontSize={11} fontWeight={600} fill={side === 'treated' ? TREATED : CONTROL}>
          {f(p.value)}
        </text>
      );
    };

  return (
    <section className="dp-advisor" data-testid="dp-advisor">
      <div className="section-title">
        <span>
          {t('departments.advisor.title')} <Definition text={`${t('departments.advisor.definition')} ${t('metrics.did.def')}`} />
        </span>
        <span className="note" data-testid="dp-advisor-sides">
          {t('departments.advisor.sides', { treated: formatInt(nT, lang), control: formatInt(nC, lang) })}
        </span>
      </div>
      {caveat.length > 0 && (
        <div className="caveat dp-caveat" role="note" data-testid="dp-advisor-caveat">
          <strong>⚠</strong> {caveat.join(' ')}
        </div>
      )}
      {complete ? (
        <p className="dp-plain" data-testid="dp-advisor-plain">
          {t('departments.advisor.plain', {
            treated: formatInt(nT, lang),
            control: formatInt(nC, lang),
            tb: f(advisor.treated_before),
            ta: f(advisor.treated_after),
            dt: signed(diff(advisor.treated_after, advisor.treated_before)),
            cb: f(advisor.control_before),
            ca: f(advisor.control_after),
            dc: signed(diff(advisor.control_after, advisor.control_before)),
            did: signed(advisor.did),
          })}
        </p>
      ) : (
        <p className="note">{t('departments.advisor.none')}</p>
      )}
      <div className="dp-advisor-grid">
        <ChartFrame
          title={t('metrics.did.label')}
          definition={t('metrics.did.def')}
          points={complete ? 4 : 0}
          maxPoints={4}
          filename="sotong-advisor-did"
          testId="dp-advisor-chart"
          height={240}
        >
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data} margin={{ top: 16 + LEGEND_ROW, right: 40, bottom: 4, left: 4 }}>
              <CartesianGrid stroke="#eef1f4" vertical={false} />
              <XAxis dataKey="side" tickFormatter={(s: string) => t(`departments.advisor.${s}`)} fontSize={11} padding={{ left: 40, right: 40 }} />
              <YAxis fontSize={11} width={48} tickFormatter={(v: number) => formatNumber(v, lang, 1)} domain={[0, 'auto']} />
              <Tooltip labelFormatter={(s) => t(`departments.advisor.${String(s)}`)} formatter={(v, name) => [f(Number(v)), t(`departments.advisor.${String(name)}`)]} />
              <SvgLegend
                items={[
                  { key: 'treated', label: `${t('departments.advisor.treated')} (${formatInt(nT, lang)})`, colour: TREATED },
                  { key: 'control', label: `${t('departments.advisor.control')} (${formatInt(nC, lang)})`, colour: CONTROL, dashed: true },
                ]}
              />
              <Line dataKey="treated" stroke={TREATED} strokeWidth={2.5} dot={{ r: 4 }} isAnimationActive={false}>
                <LabelList dataKey="treated" content={pointLabel('treated')} />
              </Line>
              <Line dataKey="control" stroke={CONTROL} strokeWidth={2.5} strokeDasharray="5 3" dot={{ r: 4 }} isAnimationActive={false}>
                <LabelList dataKey="control" content={pointLabel('control')} />
              </Line>
            </LineChart>
          </ResponsiveContainer>
        </ChartFrame>
        <div className="dp-advisor-table">
          <div className="section-title">
            <span>{t('departments.advisor.tableTitle')}</span>
            <TableExport columns={[...COLUMNS, 'before_from', 'after_from']} rows={rows} filename="sotong-advisor-comparisons" />
          </div>
          {advisor.comparisons.length === 0 ? (
            <p className="note">{t('departments.advisor.none')}</p>
          ) : (
            <div className="table-wrap">
              <table className="data-table" data-testid="dp-advisor-table">
                <thead>
                  <tr>
                    {COLUMNS.map((c) => (
                      <th key={c} className={c === 'department_id' || c === 'advisor_since' ? undefined : 'num'}>
                        {t(`departments.advisor.col.${c}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {advisor.comparisons.map((c) => (
                    <tr key={c.department_id} className={c.department_id === focus ? 'selected' : undefined} onClick={() => onFocus(c.department_id)}>
                      <td title={c.department_id}>{names.get(c.department_id)?.name ?? c.department_id}</td>
                      <td>{formatDate(c.advisor_since, lang)}</td>
                      <td className="num">{formatInt(c.months_before, lang)}</td>
                      <td className="num">{formatInt(c.months_after, lang)}</td>
                      <td className="num">{f(c.treated_before)}</td>
                      <td className="num">{f(c.treated_after)}</td>
                      <td className="num">{f(c.control_before)}</td>
                      <td className="num">{f(c.control_after)}</td>
                      <td className="num">
                        <strong>{signed(c.did)}</strong>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
