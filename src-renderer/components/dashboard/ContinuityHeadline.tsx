/**
 * The continuity headline for the latest change of administration with data
 * on both sides: program survival, staff retention, and the interrupted time
 * series' level change (events per month) in plain words. The continuity
 * windows come from the administrations, not from the dashboard's year.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ContinuityResult, ItsFit } from '../../../src-main/common/continuityApi';
import { formatDate, formatInt, formatNumber, formatPercent } from '../../format';
import { Definition } from '../Definition';
import { Suppressed } from '../Suppressed';
import { niceMax, useWidth, type Boundary } from './model';

/** "After the change, 14.9 more events per month (± 9.1)." plus a caution when within two standard errors of zero. */
export function levelWords(t: TFunction, r: ContinuityResult, lang: string): string | undefined {
  const its = r.its;
  if (!its) return undefined;
  const key = its.b2 > 0 ? 'continuity.its.levelUp' : its.b2 < 0 ? 'continuity.its.levelDown' : 'continuity.its.levelSame';
  const words = t(key, {
    value: formatNumber(Math.abs(its.b2), lang, 1),
    se: formatNumber(its.se2, lang, 1),
    unit: t(`continuity.unit.${its.series}`),
    subject: t(`continuity.subject.${its.series}`),
  });
  return Math.abs(its.b2) < 2 * its.se2 ? `${words} ${t('continuity.its.chance')}` : words;
}

export function ContinuityHeadline({ boundary, result, width }: { boundary: Boundary; result: ContinuityResult; width?: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const kept = result.programs_before.length - result.ended.length;
  // In Leadership the engine withholds these counts (null) when fewer than k staff are behind them.
  const before = result.staff_engaged_before as number | null;
  const eligible = before === null ? null : before - ((result.staff_left as number | null) ?? 0);
  const retentionSuppressed = result.staff_retention === null && /Leadership|Withheld/.test(result.staff_retention_note ?? '');
  const words = levelWords(t, result, lang);
  return (
    <div className="db-continuity" data-testid="db-continuity">
      <p className="db-plain" data-testid="db-continuity-boundary">
        {t('dashboard.continuity.boundary', { before: boundary.beforeName, after: boundary.afterName, date: formatDate(boundary.boundary, lang), w: result.window_months, m: result.min_events })}
      </p>
      <div className="db-tiles">
        <div className="db-tile" data-testid="db-continuity-survival">
          <div className="db-kpi-label">
            {t('dashboard.continuity.survival')} <Definition text={t('dashboard.def.program_survival', { m: result.min_events, w: result.window_months })} />
          </div>
          <div className="db-kpi-value">{formatPercent(result.program_survival, lang, 0)}</div>
          <div className="note">{t('dashboard.continuity.survivalDetail', { kept: formatInt(kept, lang), before: formatInt(result.programs_before.length, lang) })}</div>
        </div>
        <div className="db-tile" data-testid="db-continuity-retention">
          <div className="db-kpi-label">
            {t('dashboard.continuity.retention')} <Definition text={t('dashboard.def.staff_retention', { w: result.window_months })} />
          </div>
          <div className="db-kpi-value">{retentionSuppressed ? <Suppressed /> : formatPercent(result.staff_retention, lang, 1)}</div>
          <div className="note">
            {result.staff_retention !== null && eligible !== null
              ? t('dashboard.continuity.retentionDetail', { retained: formatInt(result.staff_retained, lang), eligible: formatInt(eligible, lang) })
              : (result.staff_retention_note ?? '')}
          </div>
        </div>
        <div className="db-tile db-tile-wide" data-testid="db-continuity-level">
          <div className="db-kpi-label">
            {t('dashboard.continuity.level')} <Definition text={t('dashboard.def.level_change')} />
          </div>
          <div className="db-words">{words ?? result.its_note ?? t('continuity.its.notFitted')}</div>
          {result.its && <ItsMini its={result.its} width={width} />}
        </div>
      </div>
      {(result.ended.length > 0 || result.started.length > 0) && (
        <ul className="db-programs note">
          {result.ended.length > 0 && <li>{t('dashboard.continuity.ended', { list: result.ended.join(', ') })}</li>}
          {result.started.length > 0 && <li>{t('dashboard.continuity.started', { list: result.started.join(', ') })}</li>}
        </ul>
      )}
    </div>
  );
}

const monthLabel = (ym: string, lang: string): string => (lang === 'ko' ? `${Number(ym.slice(0, 4))}. ${Number(ym.slice(5, 7))}.` : ym.slice(0, 7));

/**
 * The interrupted time series in small: observed months as dots (months the
 * engine withheld in Leadership are left out), the fitted lines before and
 * after the change, and the earlier trend continued (dashed).
 */
export function ItsMini({ its, width: fixed }: { its: ItsFit; width?: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [ref, width] = useWidth<HTMLDivElement>(fixed);
  const pts = its.fitted;
  const height = 170;
  const left = 44;
  const right = 10;
  const top = 16;
  const bottom = 22;
  const ys = pts.flatMap((p) => [p.y as number | null, p.fitted, p.counterfactual]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const max = niceMax(Math.max(0, ...ys));
  const min = Math.min(0, ...ys);
  const x = (i: number) => left + (i * (width - left - right)) / Math.max(1, pts.length - 1);
  const y = (v: number) => top + (1 - (v - min) / (max - min || 1)) * (height - top - bottom);
  const tIndex = pts.findIndex((p) => p.after === 1);
  const line = (from: number, to: number, key: 'fitted' | 'counterfactual') =>
    pts
      .slice(from, to)
      .map((p, i) => `${i ? 'L' : 'M'}${x(from + i).toFixed(1)},${y(p[key]).toFixed(1)}`)
      .join('');
  const unit = t(`continuity.unit.${its.series}`);
  return (
    <div ref={ref} className="db-chart" data-testid="db-its-chart">
      {width > 0 && pts.length > 1 && (
        <svg className="db-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} xmlns="http://www.w3.org/2000/svg" fontFamily="'Noto Sans KR', sans-serif">
          <title>{t('continuity.its.title', { series: unit })}</title>
          {[min, (min + max) / 2, max].map((v) => (
            <g key={v}>
              <line x1={left} x2={width - right} y1={y(v)} y2={y(v)} stroke="#e2e6ec" />
              <text x={left - 4} y={y(v) + 3.5} fontSize={10} textAnchor="end" fill="#5f6b7a">
                {formatNumber(v, lang, 0)}
              </text>
            </g>
          ))}
          {pts.map((p, i) =>
            typeof p.y === 'number' ? <circle key={p.month} cx={x(i)} cy={y(p.y)} r={1.8} fill="#8d97a3" /> : null,
          )}
          {tIndex > 0 && (
            <>
              <path d={line(0, tIndex, 'fitted')} fill="none" stroke="#0b6e99" strokeWidth={2} />
              <path d={line(tIndex, pts.length, 'fitted')} fill="none" stroke="#d9730d" strokeWidth={2} />
              <path d={line(tIndex, pts.length, 'counterfactual')} fill="none" stroke="#0b6e99" strokeWidth={1.4} strokeDasharray="5 4" />
              <line x1={x(tIndex) - 0.5} x2={x(tIndex) - 0.5} y1={top - 6} y2={height - bottom} stroke="#12324a" strokeDasharray="2 2" />
            </>
          )}
          <g fontSize={10} fill="#5f6b7a">
            <text x={left} y={height - 6}>{monthLabel(pts[0]!.month, lang)}</text>
            {tIndex > 0 && (
              <text x={x(tIndex)} y={height - 6} textAnchor="middle" fill="#12324a">
                {monthLabel(pts[tIndex]!.month, lang)}
              </text>
            )}
            <text x={width - right} y={height - 6} textAnchor="end">{monthLabel(pts.at(-1)!.month, lang)}</text>
          </g>
        </svg>
      )}
      <div className="db-legend">
        <span className="db-swatch" style={{ background: '#8d97a3', height: 4, width: 4, borderRadius: 2 }} />
        <span className="note">{t('continuity.its.observed')}</span>
        <span className="db-swatch" style={{ background: '#0b6e99', height: 2 }} />
        <span className="note">{t('continuity.its.pre')}</span>
        <span className="db-swatch" style={{ background: '#d9730d', height: 2 }} />
        <span className="note">{t('continuity.its.post')}</span>
        <span className="db-swatch" style={{ borderTop: '2px dashed #0b6e99', height: 0 }} />
        <span className="note">{t('continuity.its.counterfactual')}</span>
      </div>
    </div>
  );
}
