/**
 * The silo picture: the collaboration matrix C[d1, d2] (events with
 * participants from both departments) as a heatmap, rows and columns ordered
 * by bureau with a line between bureaus. Suppressed cells are hatched and say
 * "< k" on hover; they still count as a tie (the engine returns only non-zero
 * cells). Drawn as SVG so that it prints as vectors.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Row } from '../../api/client';
import { formatInt } from '../../format';
import { useProfile } from '../profile';
import { heat, isSuppressed, MAX_DEPARTMENTS, num, orderByBureau, truncate, useWidth } from './model';

interface Cell {
  value: number | null;
  suppressed: boolean;
}

/** Partners per department (distinct other departments with a shared event, suppressed cells included). */
export function partnersOf(rows: Row[]): Map<string, number> {
  const m = new Map<string, Set<string>>();
  for (const r of rows) {
    const a = String(r.department_id);
    const b = String(r.partner_id);
    if (a === b) continue;
    if (!m.has(a)) m.set(a, new Set());
    m.get(a)!.add(b);
  }
  return new Map([...m].map(([k, v]) => [k, v.size]));
}

export function SiloSummary({ rows, ids, names }: { rows: Row[]; ids: string[]; names: Map<string, { name: string }> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const partners = partnersOf(rows);
  const pairs = new Set(rows.map((r) => [String(r.department_id), String(r.partner_id)].sort().join('|')));
  const total = (ids.length * (ids.length - 1)) / 2;
  const fewest = [...ids].sort((a, b) => (partners.get(a) ?? 0) - (partners.get(b) ?? 0) || a.localeCompare(b)).slice(0, 3);
  return (
    <p className="db-plain" data-testid="db-silo-summary">
      {t('dashboard.silo.pairs', { linked: formatInt(pairs.size, lang), total: formatInt(total, lang) })}{' '}
      {fewest.length > 0 &&
        t('dashboard.silo.fewest', { list: fewest.map((id) => `${names.get(id)?.name ?? id} (${formatInt(partners.get(id) ?? 0, lang)})`).join(', ') })}
    </p>
  );
}

export function SiloHeatmap({ rows, ids, names, width: fixed }: { rows: Row[]; ids: string[]; names: Map<string, { name: string; bureau: string | null }>; width?: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const k = useProfile().profile?.k ?? 5;
  const hatch = `db-hatch-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const [ref, width] = useWidth<HTMLDivElement>(fixed);
  const order = orderByBureau(ids, names).slice(0, MAX_DEPARTMENTS);
  const index = new Map(order.map((id, i) => [id, i]));
  const cells = new Map<string, Cell>();
  for (const r of rows) cells.set(`${String(r.department_id)}|${String(r.partner_id)}`, { value: num(r.events), suppressed: isSuppressed(r) });
  const max = Math.max(0, ...[...cells.values()].map((c) => c.value ?? 0));
  const n = order.length;
  const labelW = Math.round(Math.min(210, Math.max(110, width * 0.3)));
  const head = 36;
  const size = Math.max(6, Math.min(22, Math.floor((width - labelW - 8) / Math.max(1, n))));
  const height = head + n * size + 4;
  const chars = Math.floor((labelW - 8) / (lang === 'ko' ? 12 : 6.4));
  const bureauBreaks = order.flatMap((id, i) => (i > 0 && names.get(id)?.bureau !== names.get(order[i - 1]!)?.bureau ? [i] : []));
  const nameOf = (id: string) => names.get(id)?.name ?? id;
  return (
    <div ref={ref} className="db-chart" data-testid="db-silo-chart">
      {width > 0 && n > 0 && (
        <svg className="db-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} xmlns="http://www.w3.org/2000/svg" fontFamily="'Noto Sans KR', sans-serif">
          <defs>
            <pattern id={hatch} width={4} height={4} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width={4} height={4} fill="#f1f2f4" />
              <line x1={0} y1={0} x2={0} y2={4} stroke="#8d97a3" strokeWidth={1.4} />
            </pattern>
          </defs>
          <rect x={labelW} y={head} width={n * size} height={n * size} fill="#fbfcfd" stroke="#e2e6ec" />
          {order.map((id, i) => (
            <g key={id}>
              <text x={labelW - 5} y={head + i * size + size / 2 + 3.5} fontSize={Math.min(11, size * 0.62)} textAnchor="end" fill="#1c2430">
                <title>{`${id} · ${nameOf(id)}`}</title>
                {truncate(nameOf(id), chars)}
              </text>
              <text
                x={labelW + i * size + size / 2 + 3}
                y={head - 4}
                fontSize={Math.min(10, size * 0.58)}
                fill="#3b4654"
                transform={`rotate(-90, ${labelW + i * size + size / 2 + 3}, ${head - 4})`}
              >
                <title>{`${id} · ${nameOf(id)}`}</title>
                {truncate(id, 6)}
              </text>
              <rect x={labelW + i * size + 0.5} y={head + i * size + 0.5} width={size - 1} height={size - 1} fill="#d5dae1" />
            </g>
          ))}
          {[...cells].map(([key, c]) => {
            const [a = '', b = ''] = key.split('|');
            const r = index.get(a);
            const col = index.get(b);
            if (r === undefined || col === undefined || a === b) return null;
            const title = c.suppressed
              ? t('dashboard.silo.cellSuppressed', { a: nameOf(a), b: nameOf(b), k })
              : t('dashboard.silo.cell', { a: nameOf(a), b: nameOf(b), value: formatInt(c.value ?? 0, lang) });
            return (
              <rect
                key={key}
                x={labelW + col * size + 0.5}
                y={head + r * size + 0.5}
                width={size - 1}
                height={size - 1}
                fill={c.suppressed ? `url(#${hatch})` : heat(c.value ?? 0, max)}
                data-testid="db-silo-cell"
                data-row={a}
                data-col={b}
                data-suppressed={c.suppressed ? 'true' : 'false'}
                data-value={c.suppressed ? '' : String(c.value ?? '')}
              >
                <title>{title}</title>
              </rect>
            );
          })}
          {bureauBreaks.map((i) => (
            <g key={i} stroke="#5f6b7a" strokeWidth={1}>
              <line x1={labelW - 2} x2={labelW + n * size} y1={head + i * size} y2={head + i * size} />
              <line x1={labelW + i * size} x2={labelW + i * size} y1={head - 2} y2={head + n * size} />
            </g>
          ))}
        </svg>
      )}
      <div className="db-legend">
        <span>0</span>
        <span className="db-ramp" />
        <span>{formatInt(max, lang)}</span>
        <span className="note">{t('dashboard.silo.legend')}</span>
        <span className="db-hatch-swatch" />
        <span className="note">{t('dashboard.silo.suppressedLegend', { k })}</span>
      </div>
    </div>
  );
}
