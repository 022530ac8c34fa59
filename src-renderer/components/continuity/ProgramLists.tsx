/** Programs across the A → B boundary: continued, ended and started (active = ≥ m events in the window). */
import { useTranslation } from 'react-i18next';
import type { ContinuityResult } from '../../../src-main/common/continuityApi';
import { formatDate } from '../../format';
import { Definition } from '../Definition';
import { TableExport } from '../TableExport';

export function ProgramLists({ result }: { result: ContinuityResult }) {
  const { t, i18n } = useTranslation();
  const after = new Set(result.programs_after);
  const continued = result.programs_before.filter((p) => after.has(p));
  const groups = [
    { key: 'continued', list: continued },
    { key: 'ended', list: result.ended },
    { key: 'started', list: result.started },
  ] as const;
  const rows = groups.flatMap((g) => g.list.map((program) => ({ program, status: g.key })));
  const lang = i18n.language;
  return (
    <section className="ct-lists" data-testid="ct-program-lists">
      <div className="section-title">
        <span>
          {t('continuity.lists.title')}{' '}
          <Definition
            text={t('continuity.lists.definition', {
              m: result.min_events,
              w: result.window_months,
              from: formatDate(result.window_before.from, lang),
              t: formatDate(result.boundary, lang),
            })}
          />
        </span>
        <TableExport columns={['program', 'status']} rows={rows} filename={`sotong-programs-${result.before}-${result.after}`} />
      </div>
      <div className="ct-lists-grid">
        {groups.map((g) => (
          <div key={g.key} className={`ct-list ct-list-${g.key}`} data-testid={`ct-list-${g.key}`}>
            <h3>{t(`continuity.lists.${g.key}`, { count: g.list.length })}</h3>
            {g.list.length === 0 ? (
              <p className="note">{t('continuity.lists.none')}</p>
            ) : (
              <ul>
                {g.list.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
