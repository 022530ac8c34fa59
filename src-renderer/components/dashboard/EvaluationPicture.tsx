/**
 * Evaluation at department level only (evaluationDepartments): per
 * department, the mean engagement share of its evaluated staff and the
 * effective weight of engagement within the department, against the nominal
 * w. No employee appears; departments with fewer than k evaluated staff are
 * suppressed by the engine and show "< k".
 */
import { useTranslation } from 'react-i18next';
import type { Row } from '../../api/client';
import { formatPercent } from '../../format';
import { useProfile } from '../profile';
import { EVALUATION_WEIGHT, isSuppressed, MAX_DEPARTMENTS, num, truncate, useWidth } from './model';

const ROW = 24;
const TOP = 22;
const SHARE = '#9cc6de';
const WEIGHT = '#0b4f71';

export function EvaluationPicture({ rows, names, width: fixed }: { rows: Row[]; names: Map<string, { name: string }>; width?: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const k = useProfile().profile?.k ?? 5;
  const [ref, width] = useWidth<HTMLDivElement>(fixed);
  const items = rows
    .map((r) => {
      const id = r.department_id === null ? '' : String(r.department_id);
      const name = names.get(id)?.name ?? (typeof r.name === 'string' ? r.name : id || t('dashboard.evaluation.noDepartment'));
      return { id, name, share: num(r.mean_engagement_share), weight: num(r.effective_weight), suppressed: isSuppressed(r) };
    })
    .sort((a, b) => Number(a.suppressed) - Number(b.suppressed) || (b.weight ?? -Infinity) - (a.weight ?? -Infinity) || a.id.localeCompare(b.id))
    .slice(0, MAX_DEPARTMENTS);
  const values = items.flatMap((i) => [i.share, i.weight]).filter((v): v is number => v !== null);
  const lo = Math.min(0, ...values);
  const hi = Math.max(EVALUATION_WEIGHT, ...values);
  const domain = [Math.floor(lo * 10) / 10, Math.ceil(hi * 10) / 10 || 1] as const;
  const labelW = Math.round(Math.min(250, Math.max(120, width * 0.38)));
  const valueW = 52;
  const plotW = Math.max(20, width - labelW - valueW - 8);
  const x = (v: number) => labelW + ((v - domain[0]) / (domain[1] - domain[0])) * plotW;
  const height = TOP + items.length * ROW + 6;
  const ticks = Array.from({ length: Math.round((domain[1] - domain[0]) * 10) + 1 }, (_, i) => domain[0] + i / 10).filter((_, i, a) => a.length <= 8 || i % 2 === 0);
  const chars = Math.floor((labelW - 10) / (lang === 'ko' ? 12 : 6.6));
  const pct = (v: number | null) => formatPercent(v, lang, 0);
  return (
    <div ref={ref} className="db-chart" data-testid="db-evaluation-chart">
      {width > 0 && (
        <svg className="db-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} xmlns="http://www.w3.org/2000/svg" fontFamily="'Noto Sans KR', sans-serif">
          {ticks.map((v) => (
            <g key={v.toFixed(2)}>
              <line x1={x(v)} x2={x(v)} y1={TOP - 4} y2={height - 4} stroke="#e2e6ec" />
              <text x={x(v)} y={TOP - 8} fontSize={10} textAnchor="middle" fill="#5f6b7a">
                {pct(v)}
              </text>
            </g>
          ))}
          <line x1={x(EVALUATION_WEIGHT)} x2={x(EVALUATION_WEIGHT)} y1={TOP - 4} y2={height - 4} stroke="#d9730d" strokeDasharray="4 3" strokeWidth={1.5}>
            <title>{t('dashboard.evaluation.nominal', { w: pct(EVALUATION_WEIGHT) })}</title>
          </line>
          {items.map((it, i) => {
            const y = TOP + i * ROW;
            return (
              <g key={it.id || `none-${i}`} data-testid="db-evaluation-row" data-department={it.id} data-suppressed={it.suppressed ? 'true' : 'false'}>
                <text x={labelW - 6} y={y + ROW / 2 + 4} fontSize={11} textAnchor="end" fill="#1c2430">
                  <title>{`${it.id} · ${it.name}`}</title>
                  {truncate(it.name, chars)}
                </text>
                {it.suppressed ? (
                  <text x={labelW + 4} y={y + ROW / 2 + 4} fontSize={11} fontStyle="italic" fill="#5f6b7a">
                    <title>{t('privacy.suppressedTooltip', { k })}</title>
                    {`< ${k}`}
                  </text>
                ) : (
                  <>
                    {it.share !== null && (
                      <rect x={Math.min(x(0), x(it.share))} y={y + 3} width={Math.max(0.5, Math.abs(x(it.share) - x(0)))} height={8} fill={SHARE}>
                        <title>{`${t('dashboard.evaluation.share')}: ${pct(it.share)}`}</title>
                      </rect>
                    )}
                    {it.weight !== null && (
                      <rect x={Math.min(x(0), x(it.weight))} y={y + 12} width={Math.max(0.5, Math.abs(x(it.weight) - x(0)))} height={8} fill={WEIGHT}>
                        <title>{`${t('dashboard.evaluation.weight')}: ${pct(it.weight)}`}</title>
                      </rect>
                    )}
                    <text x={width - valueW + 4} y={y + 10} fontSize={9.5} fill="#3b4654">
                      {pct(it.share)}
                    </text>
                    <text x={width - valueW + 4} y={y + 20} fontSize={9.5} fill={WEIGHT} fontWeight={700}>
                      {pct(it.weight)}
                    </text>
                  </>
                )}
              </g>
            );
          })}
        </svg>
      )}
      <div className="db-legend">
        <span className="db-swatch" style={{ background: SHARE }} />
        <span className="note">{t('dashboard.evaluation.share')}</span>
        <span className="db-swatch" style={{ background: WEIGHT }} />
        <span className="note">{t('dashboard.evaluation.weight')}</span>
        <span className="db-swatch db-swatch-line" />
        <span className="note">{t('dashboard.evaluation.nominal', { w: pct(EVALUATION_WEIGHT) })}</span>
      </div>
    </div>
  );
}
