/**
 * The administrations along the time axis: one coloured band per
 * administration (its head and years), the events' span beneath, A and B
 * marked. A band or a chip opens the edit dialog; "Add" opens an empty one.
 */
import { useTranslation } from 'react-i18next';
import type { Administration } from '../../../src-main/common/continuityApi';
import { formatDate } from '../../format';
import { Definition } from '../Definition';
import { colourOf, headOf, yearsOf } from './model';

const DAY = 86_400_000;
const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

export interface StripProps {
  admins: Administration[];
  span: { from: string | null; to: string | null } | undefined;
  before: string | undefined;
  after: string | undefined;
  readOnly: boolean;
  onEdit: (a: Administration | null) => void;
}

export function AdministrationStrip({ admins, span, before, after, readOnly, onEdit }: StripProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const last = span?.to ?? new Date().toISOString().slice(0, 10);
  const end = (a: Administration) => a.ends_on ?? (a.starts_on > last ? a.starts_on : last);
  const starts = [...admins.map((a) => a.starts_on), ...(span?.from ? [span.from] : [])];
  const ends = [...admins.map(end), ...(span?.to ? [span.to] : [])];
  const lo = starts.length ? ms(starts.reduce((a, b) => (a < b ? a : b))) : 0;
  const hi = ends.length ? ms(ends.reduce((a, b) => (a > b ? a : b))) + DAY : 1;
  const pct = (d: number) => (100 * (d - lo)) / Math.max(hi - lo, DAY);
  const y0 = new Date(lo).getUTCFullYear();
  const y1 = new Date(hi).getUTCFullYear();
  const step = y1 - y0 > 30 ? 5 : y1 - y0 > 12 ? 2 : 1;
  const years: number[] = [];
  for (let y = Math.ceil(y0 / step) * step; y <= y1; y += step) if (Date.UTC(y, 0, 1) >= lo && Date.UTC(y, 0, 1) <= hi) years.push(y);

  return (
    <section className="ct-strip" data-testid="ct-strip">
      <div className="section-title">
        <span>
          {t('continuity.strip.title')} <Definition text={t('continuity.strip.definition')} />
          {span?.from && span.to && <span className="note ct-strip-span">{t('continuity.strip.data', { from: formatDate(span.from, lang), to: formatDate(span.to, lang) })}</span>}
        </span>
        {!readOnly && (
          <button type="button" onClick={() => onEdit(null)} data-testid="ct-admin-add">
            + {t('continuity.strip.add')}
          </button>
        )}
      </div>
      {admins.length === 0 ? (
        <p className="note">{t('continuity.strip.none')}</p>
      ) : (
        <div className="ct-strip-track">
          <div className="ct-strip-bands">
            {admins.map((a) => {
              const left = pct(ms(a.starts_on));
              const width = Math.max(pct(ms(end(a)) + DAY) - left, 0.3);
              const role = a.administration_id === before ? 'A' : a.administration_id === after ? 'B' : undefined;
              const label = `${headOf(a)} ${yearsOf(a)}`;
              return (
                <button
                  type="button"
                  key={a.administration_id}
                  className={`ct-band${role ? ' ct-band-picked' : ''}`}
                  style={{ left: `${left}%`, width: `${width}%`, background: colourOf(admins, a.administration_id) }}
                  title={`${a.name ?? headOf(a)} (${a.administration_id}): ${formatDate(a.starts_on, lang)} – ${a.ends_on ? formatDate(a.ends_on, lang) : t('continuity.strip.open')}`}
                  onClick={() => !readOnly && onEdit(a)}
                  disabled={readOnly}
                  data-testid={`ct-band-${a.administration_id}`}
                >
                  {role && <span className="ct-band-role">{role}</span>}
                  {width >= 7 && <span className="ct-band-label">{label}</span>}
                </button>
              );
            })}
          </div>
          {span?.from && span.to && (
            <div className="ct-strip-data" style={{ left: `${pct(ms(span.from))}%`, width: `${pct(ms(span.to) + DAY) - pct(ms(span.from))}%` }} title={t('continuity.strip.data', { from: formatDate(span.from, lang), to: formatDate(span.to, lang) })} />
          )}
          <div className="ct-strip-axis">
            {years.map((y) => (
              <span key={y} style={{ left: `${pct(Date.UTC(y, 0, 1))}%` }}>
                {y}
              </span>
            ))}
          </div>
        </div>
      )}
      <ul className="ct-chips">
        {admins.map((a) => (
          <li key={a.administration_id}>
            <button type="button" className="ct-chip" onClick={() => onEdit(a)} disabled={readOnly} title={readOnly ? t('continuity.strip.readOnly') : t('continuity.strip.edit', { id: a.administration_id })} data-testid={`ct-chip-${a.administration_id}`}>
              <span className="ct-swatch" style={{ background: colourOf(admins, a.administration_id) }} />
              <span className="ct-chip-head">{headOf(a)}</span>
              <span className="ct-chip-years">{yearsOf(a)}</span>
              {a.administration_id === before && <span className="ct-chip-role">A</span>}
              {a.administration_id === after && <span className="ct-chip-role">B</span>}
            </button>
          </li>
        ))}
      </ul>
      {readOnly && <p className="note">{t('continuity.strip.readOnly')}</p>}
    </section>
  );
}
