/**
 * The dashboard's sections, shared by the screen and the printed report:
 * KPI cards, the ranked departments, the silo picture, the continuity
 * headline and the evaluation at department level. `width` fixes the charts'
 * width (the report's page width); without it they follow their container.
 */
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Catalog } from '../../../src-main/common/api';
import { formatPercent } from '../../format';
import { useProfile } from '../profile';
import { ContinuityHeadline } from './ContinuityHeadline';
import { DbPanel } from './DbPanel';
import { EvaluationPicture } from './EvaluationPicture';
import { KpiCards } from './KpiCards';
import { departmentNames, EVALUATION_WEIGHT, isSuppressed, MAX_DEPARTMENTS, yearParams, type DashboardData } from './model';
import { RankChart, type RankMetric } from './RankChart';
import { partnersOf, SiloHeatmap, SiloSummary } from './SiloHeatmap';

export const SECTIONS = ['kpis', 'rank', 'silo', 'continuity', 'evaluation'] as const;
export type SectionId = (typeof SECTIONS)[number];

/** True when every department of the year is suppressed (nothing can be shown in Leadership). */
export function allSuppressed(data: DashboardData): boolean {
  const rows = data.table.value?.rows ?? [];
  return rows.length > 0 && rows.every(isSuppressed);
}

function Message({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="db-message" data-testid={testId}>
      {children}
    </p>
  );
}

export function DashboardSections({ data, catalog, metric, width, wrap }: { data: DashboardData; catalog: Catalog; metric: RankMetric; width?: number; wrap?: (id: SectionId, node: ReactNode) => ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const k = useProfile().profile?.k ?? 5;
  const year = data.year;
  const names = departmentNames(catalog, lang);
  const scope = yearParams(year);
  const tableRows = data.table.value?.rows ?? [];
  const ids = tableRows.map((r) => String(r.department_id));
  const collabRows = data.collab.value?.rows ?? [];
  const evalRows = data.evaluation.value?.table.rows ?? [];
  const noEvents = data.totals.get(year)?.events === 0;
  const w = (id: SectionId, node: ReactNode) => (wrap ? wrap(id, node) : node);

  const sections: Record<SectionId, ReactNode> = {
    kpis: (
      <DbPanel title={t('dashboard.kpi.title', { year })} definition={t('dashboard.def.kpis')} explain={{ screen: 'departments', params: scope }} filename={`sotong-dashboard-kpis-${year}`} testId="db-section-kpis">
        {data.totalsError ? <Message>{data.totalsError}</Message> : <KpiCards data={data} large={width !== undefined} />}
      </DbPanel>
    ),
    rank: (
      <DbPanel
        title={t('dashboard.rank.title', { metric: t(`metrics.${metric}.label`), year })}
        definition={t('dashboard.rank.def', { def: t(`metrics.${metric}.def`) })}
        explain={{ screen: 'departments', params: { ...scope, metric } }}
        points={tableRows.length}
        maxPoints={MAX_DEPARTMENTS}
        filename={`sotong-dashboard-departments-${metric}-${year}`}
        testId="db-section-rank"
      >
        {data.table.error ? (
          <Message>{data.table.error}</Message>
        ) : tableRows.length && tableRows.every(isSuppressed) ? (
          <Message testId="db-rank-all-suppressed">{t('dashboard.sectionSuppressed', { k, year })}</Message>
        ) : noEvents ? (
          <Message>{t('dashboard.noEvents', { year })}</Message>
        ) : (
          <RankChart rows={tableRows} metric={metric} names={names} width={width} />
        )}
      </DbPanel>
    ),
    silo: (
      <DbPanel
        title={t('dashboard.silo.title', { year })}
        definition={t('dashboard.def.silo')}
        explain={{ screen: 'departments', params: scope }}
        points={collabRows.length}
        maxPoints={MAX_DEPARTMENTS * MAX_DEPARTMENTS}
        filename={`sotong-dashboard-silos-${year}`}
        testId="db-section-silo"
      >
        {data.collab.error ? (
          <Message>{data.collab.error}</Message>
        ) : collabRows.length === 0 ? (
          <Message>{t('dashboard.silo.none', { year })}</Message>
        ) : collabRows.every(isSuppressed) ? (
          <Message testId="db-silo-all-suppressed">{t('dashboard.sectionSuppressed', { k, year })}</Message>
        ) : (
          <>
            <SiloSummary rows={collabRows} ids={ids.length ? ids : [...partnersOf(collabRows).keys()]} names={names} />
            <SiloHeatmap rows={collabRows} ids={ids.length ? ids : [...partnersOf(collabRows).keys()]} names={names} width={width} />
          </>
        )}
      </DbPanel>
    ),
    continuity: (
      <DbPanel
        title={t('dashboard.continuity.title')}
        definition={t('dashboard.def.continuity')}
        explain={data.boundary ? { screen: 'continuity', params: { before: data.boundary.before, after: data.boundary.after } } : { screen: 'continuity' }}
        filename="sotong-dashboard-continuity"
        testId="db-section-continuity"
      >
        {!data.boundary ? (
          <Message>{t('dashboard.continuity.none')}</Message>
        ) : data.continuity.error ? (
          <Message>{data.continuity.error}</Message>
        ) : data.continuity.value ? (
          <ContinuityHeadline boundary={data.boundary} result={data.continuity.value} width={width === undefined ? undefined : width - 28} />
        ) : null}
      </DbPanel>
    ),
    evaluation: (
      <DbPanel
        title={t('dashboard.evaluation.title', { period: data.evaluation.value?.period ?? year })}
        definition={t('dashboard.def.evaluation', { w: formatPercent(EVALUATION_WEIGHT, lang, 0) })}
        explain={{ screen: 'evaluation' }}
        points={evalRows.length}
        maxPoints={MAX_DEPARTMENTS}
        filename={`sotong-dashboard-evaluation-${data.evaluation.value?.period ?? year}`}
        testId="db-section-evaluation"
      >
        {data.evaluation.error ? (
          <Message>{data.evaluation.error}</Message>
        ) : !data.evaluation.value ? (
          <Message>{t('dashboard.evaluation.none', { year })}</Message>
        ) : evalRows.length && evalRows.every(isSuppressed) ? (
          <Message testId="db-evaluation-all-suppressed">{t('dashboard.sectionSuppressed', { k, year: data.evaluation.value.period })}</Message>
        ) : (
          <>
            <p className="db-plain" data-testid="db-evaluation-setup">
              {data.evaluation.value.period !== String(year) && `${t('dashboard.evaluation.otherPeriod', { year, period: data.evaluation.value.period })} `}
              {t('dashboard.evaluation.setup', { period: data.evaluation.value.period, w: formatPercent(EVALUATION_WEIGHT, lang, 0) })}
            </p>
            <EvaluationPicture rows={evalRows} names={names} width={width} />
          </>
        )}
      </DbPanel>
    ),
  };
  return <>{SECTIONS.map((id) => <Fragment key={id}>{w(id, sections[id])}</Fragment>)}</>;
}
