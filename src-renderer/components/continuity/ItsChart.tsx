/**
 * The interrupted time series: the monthly series as points, the fitted
 * lines before and after the boundary, the pre-change trend continued as a
 * dashed counterfactual, and the level (b2) and slope (b3) changes in plain
 * words with their standard errors. When the engine did not fit it, its
 * reason (its_note) stands in place of the chart.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ContinuityResult, ContinuitySeries, ItsFit } from '../../../src-main/common/continuityApi';
import { formatNumber } from '../../format';
import { ChartFrame } from '../ChartFrame';
import { Definition } from '../Definition';
import { TableExport } from '../TableExport';
import { formatEstimate, formatMonth } from './model';

/** More months than this are not drawn (about a century of monthly data). */
export const MAX_MONTHS = 1200;

const COLOURS = { observed: '#5f6b7a', pre: '#0b6e99', post: '#d9730d', counterfactual: '#0b6e99', boundary: '#12324a' };

/** "After the change, 7.1 more events per month (± 1.3)", and the slope in the same words. */
export function ItsWords({ its }: { its: ItsFit }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const unit = t(`continuity.unit.${its.series}`);
  const subject = t(`continuity.subject.${its.series}`);
  const chance = (b: number, se: number) => Math.abs(b) < 2 * se;
  const level = t(its.b2 > 0 ? 'continuity.its.levelUp' : its.b2 < 0 ? 'continuity.its.levelDown' : 'continuity.its.levelSame', {
    value: formatEstimate(Math.abs(its.b2), lang),
    se: formatEstimate(its.se2, lang),
    unit,
    subject,
  });
  const slope = t('continuity.its.slope', {
    before: formatEstimate(its.b1, lang, true),
    after: formatEstimate(its.b1 + its.b3, lang, true),
    change: formatEstimate(its.b3, lang, true),
    se: formatEstimate(its.se3, lang),
    unit,
    subject,
  });
  return (
    <ul className="ct-its-words" data-testid="ct-its-words">
      <li data-testid="ct-its-level">
        {level}
        {chance(its.b2, its.se2) && <span className="ct-chance"> {t('continuity.its.chance')}</span>}
      </li>
      <li data-testid="ct-its-slope">
        {slope}
        {chance(its.b3, its.se3) && <span className="ct-chance"> {t('continuity.its.chance')}</span>}
      </li>
      <li className="note">{t('continuity.its.months', { before: its.months_before, after: its.months_after })}</li>
    </ul>
  );
}

function Coefficients({ its }: { its: ItsFit }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const rows = (['b0', 'b1', 'b2', 'b3'] as const).map((b, i) => ({
    term: b,
    meaning: t(`continuity.its.term.${b}`),
    estimate: its[b],
    std_error: its[`se${i}` as 'se0' | 'se1' | 'se2' | 'se3'],
  }));
  return (
    <div className="ct-coefs">
      <div className="section-title">
        <span>
          {t('continuity.its.coefficients')} <Definition text={t('continuity.its.coefficientsDef')} />
        </span>
        <TableExport
          columns={['term', 'meaning', 'estimate', 'std_error']}
          rows={[...rows, { term: 'months_before', meaning: '', estimate: its.months_before, std_error: null }, { term: 'months_after', meaning: '', estimate: its.months_after, std_error: null }]}
          filename={`sotong-its-${its.series}`}
        />
      </div>
      <table className="data-table" data-testid="ct-its-coefficients">
        <thead>
          <tr>
            <th>{t('continuity.its.termCol')}</th>
            <th>{t('continuity.its.meaningCol')}</th>
            <th className="num">{t('continuity.its.estimate')}</th>
            <th className="num">{t('continuity.its.se')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.term}>
              <td>
                <code>{r.term}</code>
              </td>
              <td>{r.meaning}</td>
              <td className="num">{formatNumber(r.estimate, lang, 3)}</td>
              <td className="num">{formatNumber(r.std_error, lang, 3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The engine's its_note in the user's language when it is the "too few months" case; else as the engine wrote it. */
function notFittedReason(note: string | undefined, t: TFunction, lang: string): string {
  const m = /needs at least (\d+) months on each side of the boundary and has (\d+) before and (\d+) after \((\d{4}-\d{2}) to (\d{4}-\d{2})\)/.exec(note ?? '');
  if (!m) return `${t('continuity.its.notFittedWhy')} ${note ?? ''}`;
  return t('continuity.its.tooFew', { min: m[1], before: m[2], after: m[3], from: formatMonth(m[4]!, lang), to: formatMonth(m[5]!, lang) });
}

export function ItsChart({ result, series }: { result: ContinuityResult | undefined; series: ContinuitySeries }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const its = result?.its ?? null;
  const title = t('continuity.its.title', { series: t(`continuity.series.${its?.series ?? series}`) });
  if (!result) return null;
  if (!its) {
    return (
      <figure className="chart ct-its" data-testid="ct-its">
        <figcaption>
          <span className="chart-title">
            {title} <Definition text={t('continuity.its.definition')} />
          </span>
        </figcaption>
        <div className="ct-its-note" data-testid="ct-its-note">
          <strong>{t('continuity.its.notFitted')}</strong> {notFittedReason(result.its_note, t, lang)}
        </div>
      </figure>
    );
  }
  const boundaryMonth = its.fitted.find((p) => p.after === 1)?.month;
  const data = its.fitted.slice(0, MAX_MONTHS).map((p) => ({
    month: p.month,
    y: p.y,
    pre: p.after === 0 ? p.fitted : null,
    post: p.after === 1 ? p.fitted : null,
    // From the last month before, so the dashed line starts where the fitted pre line ends.
    cf: p.time >= its.t - 1 ? p.counterfactual : null,
  }));
  const every = Math.max(1, Math.ceil(data.length / 14));
  const fmt = (v: unknown) => (typeof v === 'number' ? formatNumber(v, lang, 1) : '–');
  const legend = [
    { key: 'observed', label: t('continuity.its.observed'), dot: true },
    { key: 'pre', label: t('continuity.its.pre') },
    { key: 'post', label: t('continuity.its.post') },
    { key: 'counterfactual', label: t('continuity.its.counterfactual'), dashed: true },
  ] as const;
  return (
    <div className="ct-its" data-testid="ct-its">
      <ChartFrame title={title} definition={t('continuity.its.definition')} points={its.fitted.length} maxPoints={MAX_MONTHS} filename={`sotong-its-${its.series}`} height={300} testId="ct-its-chart">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 18, right: 20, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" interval={every - 1} tickFormatter={(m: string) => formatMonth(m, lang)} fontSize={11} />
            <YAxis fontSize={11} tickFormatter={(v: number) => formatNumber(v, lang, 0)} width={56} />
            <Tooltip formatter={fmt} labelFormatter={(m) => formatMonth(String(m), lang)} />
            {boundaryMonth && <ReferenceLine x={boundaryMonth} stroke={COLOURS.boundary} strokeWidth={2} label={{ value: t('continuity.its.boundary', { b: result.after }), position: 'top', fontSize: 11, fill: COLOURS.boundary }} />}
            <Line dataKey="y" name={t('continuity.its.observed')} stroke={COLOURS.observed} strokeOpacity={0.25} strokeWidth={1} dot={{ r: 2, fill: COLOURS.observed, strokeWidth: 0 }} isAnimationActive={false} />
            <Line dataKey="pre" name={t('continuity.its.pre')} stroke={COLOURS.pre} strokeWidth={2.5} dot={false} isAnimationActive={false} connectNulls={false} />
            <Line dataKey="cf" name={t('continuity.its.counterfactual')} stroke={COLOURS.counterfactual} strokeWidth={2} strokeDasharray="6 4" dot={false} isAnimationActive={false} connectNulls={false} />
            <Line dataKey="post" name={t('continuity.its.post')} stroke={COLOURS.post} strokeWidth={2.5} dot={false} isAnimationActive={false} connectNulls={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </ChartFrame>
      <div className="ct-legend">
        {legend.map((l) => (
          <span key={l.key} className="ct-legend-item">
            <svg width="22" height="10" aria-hidden="true">
              {'dot' in l ? <circle cx="11" cy="5" r="3" fill={COLOURS.observed} /> : <line x1="1" y1="5" x2="21" y2="5" stroke={COLOURS[l.key]} strokeWidth="2.5" strokeDasharray={'dashed' in l ? '5 3' : undefined} />}
            </svg>
            {l.label}
          </span>
        ))}
        <span className="ct-spacer" />
        <TableExport columns={['month', 'time', 'after', 'y', 'fitted', 'counterfactual']} rows={its.fitted as never} filename={`sotong-its-${its.series}-monthly`} />
      </div>
      <div className="ct-its-details">
        <ItsWords its={its} />
        <Coefficients its={its} />
      </div>
    </div>
  );
}
