/**
 * The dashboard (issue 7): the home screen of both profiles and the only
 * place Leadership starts. One calendar year at a time (Leadership scopes are
 * whole years): KPI cards with sparklines and the change on the year before,
 * the ranked departments, the silo picture, the continuity headline for the
 * latest change of administration, and the evaluation at department level.
 * Every number links to the Analyst screen that explains it. `?report=1`
 * shows the same sections as printable pages (the PDF report).
 */
import { useTranslation } from 'react-i18next';
import { DashboardSections, allSuppressed } from '../components/dashboard/Sections';
import { useDashboard, yearsWithData } from '../components/dashboard/model';
import { RANK_METRICS } from '../components/dashboard/RankChart';
import { useDashboardView } from '../components/dashboard/view';
import { useProfile } from '../components/profile';
import { ExportReportButton } from '../components/report/ExportReportButton';
import { ReportView } from '../components/report/ReportView';
import { useCatalog } from '../components/useCatalog';
import { formatDate } from '../format';
import { useRoute } from '../router';

export function DashboardScreen() {
  const route = useRoute();
  return route.params.get('report') === '1' ? <ReportView /> : <Dashboard />;
}

function Dashboard() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const catalog = useCatalog();
  const { profile, leadership } = useProfile();
  const { year, metric, set } = useDashboardView(catalog?.span);
  const { data, loading } = useDashboard(year, catalog, profile);
  const years = yearsWithData(catalog?.span);
  const k = profile?.k ?? 5;

  return (
    <section className="screen db-screen" data-testid="screen-dashboard">
      <h1>{t('screens.dashboard.title')}</h1>
      <p className="db-intro">{t('dashboard.intro')}</p>
      <div className="db-toolbar">
        <label>
          {t('dashboard.year')}{' '}
          <select value={year ?? ''} onChange={(e) => set({ year: e.target.value })} disabled={!years.length} data-testid="db-year">
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dashboard.rank.metric')}{' '}
          <select value={metric} onChange={(e) => set({ metric: e.target.value })} data-testid="db-metric">
            {RANK_METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`metrics.${m}.label`)}
              </option>
            ))}
          </select>
        </label>
        {year !== undefined && <span className="note">{t('dashboard.yearHint', { from: formatDate(`${year}-01-01`, lang), to: formatDate(`${year}-12-31`, lang) })}</span>}
        <span className="db-spacer" />
        <span className="status" data-testid="db-status">
          {loading && year !== undefined ? t('dashboard.loading') : ''}
        </span>
        {year !== undefined && <ExportReportButton year={year} metric={metric} />}
      </div>
      {leadership && (
        <p className="db-leadership" data-testid="db-leadership-note">
          {t('dashboard.leadershipNote', { k })}
        </p>
      )}
      {catalog && !years.length && <p className="empty-state">{t('dashboard.noData')}</p>}
      {!data && years.length > 0 && <p className="note">{t('dashboard.loading')}</p>}
      {data && catalog && (
        <div className={`db-result${loading ? ' db-stale' : ''}`} data-testid="db-result" data-state={loading ? 'loading' : 'ready'} data-year={data.year}>
          {allSuppressed(data) && (
            <p className="db-message db-all-suppressed" data-testid="db-all-suppressed">
              {t('dashboard.allSuppressed', { k, year: data.year })}
            </p>
          )}
          <div className="db-sections">
            <DashboardSections data={data} catalog={catalog} metric={metric} />
          </div>
        </div>
      )}
    </section>
  );
}
