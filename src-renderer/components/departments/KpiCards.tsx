/** The city-level KPI cards (departmentTotals), each with its definition and, when null, the engine's reason. */
import { useTranslation } from 'react-i18next';
import type { DepartmentTotals } from '../../../src-main/common/departmentsApi';
import { formatInt, formatNumber, formatPercent } from '../../format';
import { Kpi } from '../Kpi';
import { translateNote } from './model';

export function KpiCards({ totals }: { totals: DepartmentTotals }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const note = (metric: string) => (totals.notes[metric] ? translateNote(t, totals.notes[metric]) : undefined);
  const crossEvents = totals.cross_share === null ? 0 : Math.round(totals.cross_share * totals.events);
  return (
    <div className="kpis dp-kpis" data-testid="dp-kpis">
      <Kpi
        testId="dp-kpi-staff_engaged"
        label={t('metrics.staff_engaged.label')}
        value={formatInt(totals.staff_engaged, lang)}
        definition={t('departments.kpi.def.staff_engaged')}
        note={
          totals.engaged_share === null
            ? note('engaged_share')
            : t('departments.kpi.staffEngagedDetail', { share: formatPercent(totals.engaged_share, lang, 1), headcount: formatInt(totals.headcount, lang) })
        }
      />
      <Kpi
        testId="dp-kpi-hours_per_head"
        label={t('metrics.hours_per_head.label')}
        value={formatNumber(totals.hours_per_head, lang, 1)}
        definition={t('departments.kpi.def.hours_per_head')}
        note={totals.hours_per_head === null ? note('hours_per_head') : t('departments.kpi.hoursDetail', { hours: formatInt(totals.hours, lang), headcount: formatInt(totals.headcount, lang) })}
      />
      <Kpi
        testId="dp-kpi-events"
        label={t('metrics.events.label')}
        value={formatInt(totals.events, lang)}
        definition={t('departments.kpi.def.events')}
        note={t('departments.kpi.eventsDetail', { departments: formatInt(totals.departments, lang) })}
      />
      <Kpi
        testId="dp-kpi-citizens_reached"
        label={t('metrics.citizens_reached.label')}
        value={formatInt(totals.citizens_reached, lang)}
        definition={t('departments.kpi.def.citizens_reached')}
        note={t('departments.kpi.citizensDetail')}
      />
      <Kpi
        testId="dp-kpi-cross_share"
        label={t('metrics.cross_share.label')}
        value={formatPercent(totals.cross_share, lang, 1)}
        definition={t('departments.kpi.def.cross_share')}
        note={totals.cross_share === null ? note('cross_share') : t('departments.kpi.crossDetail', { cross: formatInt(crossEvents, lang) })}
      />
    </div>
  );
}
