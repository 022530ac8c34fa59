/**
 * Departments (SPEC.md "Metrics → Departments", issue 4): which departments
 * engage citizens, how much, through which channels, how deeply, and which
 * ones work alone. Filter bar (scope in the URL), KPI cards, the sortable
 * department table, and the charts: ranked bars, monthly channels, department
 * × channel, the collaboration matrix with partners and E-I index, the depth
 * profile and the advisor comparison. Clicking a department focuses every
 * chart on it (a view choice kept in the URL, not a change of scope).
 */
import { memo, useCallback, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { AdvisorPanel as AdvisorPanelAlways } from '../components/departments/AdvisorPanel';
import { ChannelArea as ChannelAreaAlways } from '../components/departments/ChannelArea';
import { ChannelHeatmap as ChannelHeatmapAlways } from '../components/departments/ChannelHeatmap';
import { CollaborationPanel as CollaborationPanelAlways } from '../components/departments/CollaborationPanel';
import { DepartmentTable as DepartmentTableAlways } from '../components/departments/DepartmentTable';
import { DepthProfile as DepthProfileAlways } from '../components/departments/DepthProfile';
import { KpiCards as KpiCardsAlways } from '../components/departments/KpiCards';
import { orderByBureau, translateNote, useDepartmentNames, useDepartmentsData, useDepartmentsView, useFocusSeries } from '../components/departments/model';
import { RankedBars as RankedBarsAlways } from '../components/departments/RankedBars';
import { ScopeBar, useScope } from '../components/ScopeBar';
import { useCatalog } from '../components/useCatalog';
import { formatInt } from '../format';

// The panels re-render only when their data or view changes: a scope change first
// re-renders the screen with the old data (paled, while the queries run), and
// thousands of SVG elements must not be rebuilt for that.
const KpiCards = memo(KpiCardsAlways);
const DepartmentTable = memo(DepartmentTableAlways);
const RankedBars = memo(RankedBarsAlways);
const DepthProfile = memo(DepthProfileAlways);
const ChannelArea = memo(ChannelAreaAlways);
const ChannelHeatmap = memo(ChannelHeatmapAlways);
const CollaborationPanel = memo(CollaborationPanelAlways);
const AdvisorPanel = memo(AdvisorPanelAlways);

export function DepartmentsScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const catalog = useCatalog();
  const [scope, setScope] = useScope('departments');
  const [view, setView] = useDepartmentsView();
  const loaded = useDepartmentsData(scope);
  const { data } = loaded;
  const names = useDepartmentNames(data?.table, catalog, lang);
  const order = useMemo(() => orderByBureau((data?.table.rows ?? []).map((r) => String(r.department_id)), names), [data, names]);
  // A focus on a department that is not in the current scope is kept in the URL but not applied.
  const focus = view.focus && data?.table.rows.some((r) => r.department_id === view.focus) ? view.focus : undefined;
  const focusSeries = useFocusSeries(scope, focus);
  // Handlers that stay the same function across renders (the URL, and so setView, changes with the scope).
  const latest = useRef({ view, setView });
  latest.current = { view, setView };
  const onFocus = useCallback((id: string | undefined) => latest.current.setView({ focus: id === latest.current.view.focus ? undefined : id }), []);
  const onMetric = useCallback((metric: typeof view.metric) => latest.current.setView({ metric }), []);
  const onDepth = useCallback((depth: typeof view.depth) => latest.current.setView({ depth }), []);
  const onArea = useCallback((area: typeof view.area) => latest.current.setView({ area }), []);
  const onCell = useCallback((cell: typeof view.cell) => latest.current.setView({ cell }), []);
  const state = loaded.loading ? 'loading' : loaded.failed ? 'failed' : 'ready';
  const focusName = focus ? `${focus} · ${names.get(focus)?.name ?? focus}` : undefined;
  const tableNotes = Object.entries(data?.table.notes ?? {});

  return (
    <section className="screen dp-screen" data-testid="screen-departments">
      <h1>{t('screens.departments.title')}</h1>
      <p className="dp-intro">{t('departments.intro')}</p>
      <ScopeBar catalog={catalog} scope={scope} onChange={setScope} screen="departments" />
      <div className="dp-status">
        {view.focus && (
          <button type="button" className="dp-focus-chip" onClick={() => setView({ focus: undefined })} data-testid="dp-focus-chip" title={t('departments.clearFocus')} aria-label={`${t('departments.focus', { name: focusName ?? view.focus })} — ${t('departments.clearFocus')}`}>
            {t('departments.focus', { name: focusName ?? view.focus })} <span aria-hidden="true">×</span>
          </button>
        )}
        <span className="dp-spacer" />
        <span className="status" data-testid="dp-status">
          {loaded.loading ? t('departments.loading') : loaded.ms !== undefined && !loaded.failed ? t('departments.updated', { ms: formatInt(loaded.ms, lang) }) : ''}
        </span>
      </div>

      <div className={`dp-result${loaded.loading ? ' dp-stale' : ''}`} data-testid="dp-result" data-state={state} data-key={loaded.key ?? ''} aria-busy={loaded.loading}>
        {loaded.failed && !loaded.loading && (
          <p className="dp-failed" data-testid="dp-failed">
            {t('departments.failed')}
          </p>
        )}
        {!data && !loaded.failed && <p className="dp-loading">{t('departments.loading')}</p>}
        {data && !(loaded.failed && !loaded.loading) && (
          <>
            {data.totals.events === 0 && (
              <p className="empty-state dp-empty" data-testid="dp-empty">
                {t('departments.emptyScope')}
              </p>
            )}
            <KpiCards totals={data.totals} />
            <DepartmentTable table={data.table} names={names} focus={focus} onFocus={onFocus} />
            <div className="dp-grid">
              <RankedBars tableRows={data.table.rows} indexRows={data.collabIndex.rows} names={names} metric={view.metric} onMetric={onMetric} focus={focus} onFocus={onFocus} />
              <DepthProfile rows={data.depth.rows} order={order} names={names} scale={view.depth} onScale={onDepth} focus={focus} onFocus={onFocus} />
            </div>
            <div className="dp-wide">
              <ChannelArea
                rows={focus ? focusSeries.table?.rows : data.seriesByChannel.rows}
                loading={focus ? focusSeries.loading : false}
                measure={view.area}
                onMeasure={onArea}
                focusName={focusName}
              />
            </div>
            <div className="dp-wide">
              <ChannelHeatmap rows={data.channelMatrix.rows} order={order} names={names} measure={view.cell} onMeasure={onCell} focus={focus} onFocus={onFocus} />
            </div>
            <CollaborationPanel matrix={data.collab} index={data.collabIndex} order={order} names={names} focus={focus} onFocus={onFocus} />
            <AdvisorPanel advisor={data.advisor} names={names} focus={focus} onFocus={onFocus} />
            {tableNotes.length > 0 && (
              <details className="dp-notes" data-testid="dp-notes">
                <summary>{t('departments.notes')}</summary>
                <ul>
                  {tableNotes.map(([column, note]) => (
                    <li key={column}>
                      <strong>{t(`metrics.${column}.label`, column)}</strong>: {translateNote(t, note)}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </>
        )}
      </div>
    </section>
  );
}

