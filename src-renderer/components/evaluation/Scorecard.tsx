/**
 * One employee's scorecard (explainEmployee): the components next to their
 * peer group's distribution, percentiles, weights, the arithmetic of E and F,
 * the peer group used and why, and the participations behind it with each
 * event's part of reach, cross and outcomes. It is individual data: a side
 * panel of the HR evaluator's screen only. Printing while it is open prints
 * the panel alone on one page (styles.css `@media print`), which is also how
 * it becomes a PDF: the browser's print in web mode, the same window.print()
 * in Electron (its print dialog saves PDF).
 */
import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Distribution, EmployeeExplanation } from '../../../src-main/common/evaluationApi';
import type { ApiError } from '../../../src-main/common/result';
import { Definition } from '../Definition';
import { formatDate, formatInt, formatNumber, formatPercent } from '../../format';
import { printPdf } from '../printPdf';

/** Participations printed on the one-page PDF; the rest are counted in a note. */
export const PRINTED_PARTICIPATIONS = 18;

function MiniBox({ d, value }: { d: Distribution; value: number }) {
  const W = 120;
  const H = 18;
  const top = Math.max(d.max, value);
  const x = (v: number) => 4 + (top > 0 ? ((W - 8) * v) / top : 0);
  return (
    <svg width={W} height={H} className="ev-minibox" aria-hidden>
      <line x1={x(d.min)} x2={x(d.max)} y1={H / 2} y2={H / 2} stroke="#5f6b7a" />
      <rect x={x(d.p25)} y={4} width={Math.max(1, x(d.p75) - x(d.p25))} height={H - 8} fill="#cfe6f1" stroke="#0b6e99" />
      <line x1={x(d.median)} x2={x(d.median)} y1={3} y2={H - 3} stroke="#0b6e99" strokeWidth={2} />
      <circle cx={x(value)} cy={H / 2} r={4} fill="#c2410c" stroke="#fff" strokeWidth={1} />
    </svg>
  );
}

export function Scorecard({
  explanation, error, loading, setupName, departmentName, onClose,
}: {
  explanation: EmployeeExplanation | undefined;
  error: ApiError | undefined;
  loading: boolean;
  setupName: string | undefined;
  departmentName: (id: string | null) => string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  useEffect(() => {
    document.body.classList.add('ev-has-scorecard');
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => {
      document.body.classList.remove('ev-has-scorecard');
      window.removeEventListener('keydown', onKey);
    };
  }, [onClose]);

  const x = explanation;
  const n2 = (v: number) => formatNumber(v, lang, 2);
  const today = new Date();
  const iso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;

  const peerText = (e: EmployeeExplanation): string => {
    const peer = t(`evaluation.scorecard.peerWord.${e.peer}`);
    if (e.peer === 'all') return t('evaluation.scorecard.peerAll', { period: e.period, n: formatInt(e.n, lang) });
    const value = e.peer === 'grade' ? e.grade : e.department_id;
    if (value === null) return t('evaluation.scorecard.peerUnknown', { peer, n: formatInt(e.n, lang) });
    if (e.peer_fallback) {
      const size = /has (\d+)\)$/.exec(e.peer_group)?.[1];
      return t('evaluation.scorecard.peerFallback', { peer, value: e.peer === 'department' ? departmentName(value) : value, size: size ?? '< 5', n: formatInt(e.n, lang) });
    }
    return t('evaluation.scorecard.peerOwn', { peer, value: e.peer === 'department' ? departmentName(value) : value, n: formatInt(e.peer_group_n, lang) });
  };

  const rankChange = (c: number) =>
    c < 0 ? t('evaluation.scorecard.rankUp', { n: formatInt(-c, lang) }) : c > 0 ? t('evaluation.scorecard.rankDown', { n: formatInt(c, lang) }) : t('evaluation.scorecard.rankSame');

  const parts = x?.participations ?? [];
  const totals = parts.reduce((s, p) => ({ hours: s.hours + p.hours, reach: s.reach + p.reach_contribution, cross: s.cross + (p.cross ? 1 : 0), outcomes: s.outcomes + p.outcome_points }), { hours: 0, reach: 0, cross: 0, outcomes: 0 });

  return createPortal(
    <aside className="ev-scorecard" aria-label={t('evaluation.scorecard.title')} data-testid="ev-scorecard">
      <header className="ev-sc-head">
        <h2>
          {t('evaluation.scorecard.title')} · <span data-testid="ev-sc-employee">{x?.employee_id ?? ''}</span>
        </h2>
        <span className="ev-no-print">
          <button type="button" onClick={() => void printPdf(`scorecard-${x?.employee_id ?? 'employee'}.pdf`)} disabled={!x} data-testid="ev-sc-print">
            {t('evaluation.scorecard.print')}
          </button>
          <button type="button" onClick={onClose} data-testid="ev-sc-close">
            {t('evaluation.scorecard.close')}
          </button>
        </span>
      </header>
      {error && (
        <div className="ev-error" role="alert">
          {error.message}
        </div>
      )}
      {!x && !error && loading && <p className="hint">{t('common.loading')}</p>}
      {x && (
        <div className={loading ? 'ev-sc-body ev-loading' : 'ev-sc-body'}>
          <dl className="ev-sc-meta">
            <div><dt>{t('evaluation.scorecard.department')}</dt><dd>{departmentName(x.department_id)}{x.department_id ? ` (${x.department_id})` : ''}</dd></div>
            <div><dt>{t('evaluation.scorecard.grade')}</dt><dd>{x.grade ?? '–'}</dd></div>
            <div><dt>{t('evaluation.scorecard.period')}</dt><dd>{x.period}</dd></div>
            <div><dt>{t('evaluation.scorecard.setup')}</dt><dd>{setupName ?? t('evaluation.unsaved')} · w {formatPercent(x.weight, lang, 0)} · {t(`evaluation.peerOption.${x.peer}`)}</dd></div>
          </dl>

          <div className="ev-sc-scores">
            <div><span>{t('evaluation.col.performance')} <Definition text={t('evaluation.def.performance')} /></span><strong>{n2(x.performance)}</strong></div>
            <div><span>{t('evaluation.col.engagement')} <Definition text={t('evaluation.def.engagement')} /></span><strong>{n2(x.engagement)}</strong></div>
            <div className="ev-sc-main"><span>{t('evaluation.col.composite')} <Definition text={t('evaluation.def.composite')} /></span><strong data-testid="ev-sc-composite">{n2(x.composite)}</strong></div>
            <div><span>{t('evaluation.col.engagement_share')} <Definition text={t('evaluation.def.engagement_share')} /></span><strong>{formatPercent(x.engagement_share, lang, 1)}</strong></div>
          </div>
          <p className="ev-sc-rank">
            {t('evaluation.scorecard.rank')}: {t('evaluation.scorecard.rankLine', { s: formatInt(x.rank_performance, lang), f: formatInt(x.rank_composite, lang), change: rankChange(x.rank_change) })} · n = {formatInt(x.n, lang)}
          </p>

          <h3>{t('evaluation.scorecard.peer')}: {x.peer_fallback ? t('evaluation.peerOption.all') : x.peer_group.replace(/^(grade|department):/, '')}</h3>
          <p className="ev-sc-peer" data-testid="ev-sc-peer">{peerText(x)}</p>

          <h3>{t('evaluation.scorecard.components')}</h3>
          <table className="ev-sc-table">
            <thead>
              <tr>
                <th />
                <th className="num">{t('evaluation.scorecard.value')}</th>
                <th>{t('evaluation.scorecard.distribution')}</th>
                <th className="num">{t('evaluation.scorecard.percentile')}</th>
                <th className="num">{t('evaluation.scorecard.weight')}</th>
                <th className="num">{t('evaluation.scorecard.contribution')}</th>
              </tr>
            </thead>
            <tbody>
              {x.components.map((c) => (
                <tr key={c.component}>
                  <th scope="row">{t(`evaluation.component.${c.component}`)} <Definition text={t(`evaluation.def.${c.component}`)} /></th>
                  <td className="num">{n2(c.value)}</td>
                  <td title={`min ${n2(c.peer_distribution.min)} · p25 ${n2(c.peer_distribution.p25)} · median ${n2(c.peer_distribution.median)} · p75 ${n2(c.peer_distribution.p75)} · max ${n2(c.peer_distribution.max)} · n ${c.peer_distribution.n}`}>
                    <MiniBox d={c.peer_distribution} value={c.value} />
                  </td>
                  <td className="num">{formatNumber(c.percentile, lang, 1)}</td>
                  <td className="num">{formatNumber(c.weight, lang, 3)}</td>
                  <td className="num">{n2(c.contribution)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3>{t('evaluation.scorecard.arithmetic')}</h3>
          <div className="ev-sc-math" data-testid="ev-sc-arithmetic">
            <div title={x.arithmetic.engagement}>E = {x.components.map((c) => `${formatNumber(c.weight, lang, 3)} × ${formatNumber(c.percentile, lang, 1)}`).join(' + ')} = {n2(x.engagement)}</div>
            <div title={x.arithmetic.composite}>F = (1 − {formatNumber(x.weight, lang, 2)}) × {n2(x.performance)} + {formatNumber(x.weight, lang, 2)} × {n2(x.engagement)} = {n2(x.composite)}</div>
            <div title={x.arithmetic.engagement_share}>
              {x.composite === 0 ? 'w·E / F = 0 (F = 0)' : `w·E / F = ${formatNumber(x.weight, lang, 2)} × ${n2(x.engagement)} / ${n2(x.composite)} = ${formatPercent(x.engagement_share, lang, 1)}`}
            </div>
          </div>

          <h3>{t('evaluation.scorecard.participations', { period: x.period })} ({formatInt(parts.length, lang)})</h3>
          {parts.length === 0 ? (
            <p className="ev-sc-peer">{t('evaluation.scorecard.noParticipations', { period: x.period })}</p>
          ) : (
            <table className="ev-sc-table ev-sc-parts">
              <thead>
                <tr>
                  <th>{t('evaluation.scorecard.date')}</th>
                  <th>{t('evaluation.scorecard.event')}</th>
                  <th>{t('evaluation.scorecard.program')}</th>
                  <th>{t('evaluation.scorecard.channel')}</th>
                  <th>{t('evaluation.scorecard.role')}</th>
                  <th className="num">{t('evaluation.component.hours')}</th>
                  <th className="num">{t('evaluation.scorecard.reachPart')}</th>
                  <th className="num">{t('evaluation.scorecard.crossPart')}</th>
                  <th className="num">{t('evaluation.scorecard.outcomePart')}</th>
                </tr>
              </thead>
              <tbody>
                {parts.map((p, i) => (
                  <tr key={p.event_id} className={i >= PRINTED_PARTICIPATIONS ? 'ev-print-hide' : undefined}>
                    <td>{formatDate(p.occurred_on, lang)}</td>
                    <td>{p.event_id}</td>
                    <td className="ev-ellipsis" title={p.program ?? ''}>{p.program ?? '–'}</td>
                    <td>{t(`channel.${p.channel}`, p.channel)}</td>
                    <td>{p.role ?? '–'}</td>
                    <td className="num">{n2(p.hours)}</td>
                    <td className="num" title={`${formatInt(p.citizens_reached, lang)} / ${formatInt(p.staff_on_event, lang)}`}>{n2(p.reach_contribution)}</td>
                    <td className="num">{p.cross ? '✓' : '–'}</td>
                    <td className="num" title={p.outcome ?? ''}>{formatInt(p.outcome_points, lang)}</td>
                  </tr>
                ))}
                {parts.length > PRINTED_PARTICIPATIONS && (
                  <tr className="ev-print-only">
                    <td colSpan={9}>{t('evaluation.scorecard.more', { count: parts.length - PRINTED_PARTICIPATIONS })}</td>
                  </tr>
                )}
              </tbody>
              <tfoot>
                <tr>
                  <th colSpan={5}>{t('evaluation.scorecard.total')}</th>
                  <td className="num">{n2(totals.hours)}</td>
                  <td className="num">{n2(totals.reach)}</td>
                  <td className="num">{formatInt(totals.cross, lang)}</td>
                  <td className="num">{formatInt(totals.outcomes, lang)}</td>
                </tr>
              </tfoot>
            </table>
          )}
          <p className="ev-sc-note">
            {t('evaluation.scorecard.individual')} {t('evaluation.scorecard.computed', { date: formatDate(iso, lang) })}
          </p>
        </div>
      )}
    </aside>,
    document.body,
  );
}
