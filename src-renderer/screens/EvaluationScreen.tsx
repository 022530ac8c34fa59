/**
 * Evaluation (SPEC.md "Metrics → Evaluation"): the HR evaluator's screen.
 * Pick a period and a saved setup (or change w, the component weights and the
 * peer grouping), read the nominal weight next to the effective one in plain
 * words, the distributions by department, the sensitivity of the ranking to
 * w, the whole employee table (virtualized, paged by viewport), and one
 * employee's scorecard. Moving the slider refetches, after 100 ms of rest,
 * only what depends on w; the engine recomputes only the ranking query.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  COMPONENTS, DEFAULT_ENGAGEMENT_WEIGHT, DEFAULT_WEIGHTS, PEER_GROUPINGS, evaluationExportBaseName, evaluationSetupRecord,
  type ComponentWeights, type DepartmentDistribution, type EvaluationExportFormat, type EvaluationSettings, type EvaluationSetup, type PeerGrouping,
} from '../../src-main/common/evaluationApi';
import type { ApiError } from '../../src-main/common/result';
import { call, saveFile } from '../api/client';
import { useErrors } from '../components/errors';
import { Kpi } from '../components/Kpi';
import { useCatalog } from '../components/useCatalog';
import { DepartmentBoxPlot, SensitivityChart } from '../components/evaluation/Charts';
import { EmployeeTable, type Sort } from '../components/evaluation/EmployeeTable';
import { Scorecard } from '../components/evaluation/Scorecard';
import { SetupDialog } from '../components/evaluation/SetupDialog';
import { shown, useDebounced, useEngine } from '../components/evaluation/shared';
import { SLIDER_MAX, WeightSlider, WeightsEditor } from '../components/evaluation/WeightControls';
import { formatInt, formatPercent } from '../format';

/** Slider moves settle for this long before anything is fetched. */
const SLIDER_DEBOUNCE_MS = 100;

const NO_DEPARTMENTS: DepartmentDistribution[] = [];

const sameWeights = (a: ComponentWeights, b: ComponentWeights) => COMPONENTS.every((c) => a[c] === b[c]);

export function EvaluationScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const catalog = useCatalog();
  const { report } = useErrors();
  const [reload, setReload] = useState(0);
  const [setupsVersion, setSetupsVersion] = useState(0);
  useEffect(() => {
    const on = () => setReload((r) => r + 1);
    window.addEventListener('sotong:data-changed', on);
    return () => window.removeEventListener('sotong:data-changed', on);
  }, []);

  const periods = useEngine('evaluationPeriods', {}, reload);
  const setups = useEngine('evaluationSetups', {}, setupsVersion);
  const periodList = periods.state === 'ok' ? periods.value.periods : [];
  const setupList = useMemo(() => (setups.state === 'ok' ? setups.value.setups : []), [setups]);

  const [period, setPeriod] = useState<string>();
  const [setupName, setSetupName] = useState<string>();
  const [weight, setWeight] = useState(DEFAULT_ENGAGEMENT_WEIGHT);
  const [weights, setWeights] = useState<ComponentWeights>({ ...DEFAULT_WEIGHTS });
  const [peer, setPeer] = useState<PeerGrouping>('grade');
  const [searchText, setSearchText] = useState('');
  const [sort, setSort] = useState<Sort>();
  const [selected, setSelected] = useState<string>();
  const [dialog, setDialog] = useState(false);
  const [tableError, setTableError] = useState<ApiError>();
  const [matching, setMatching] = useState<number>();
  const [exporting, setExporting] = useState<EvaluationExportFormat>();

  const applySetup = useCallback(
    (s: EvaluationSetup) => {
      setSetupName(s.name);
      setWeight(s.weight);
      setWeights({ ...s.weights });
      setPeer(s.peer);
      if (s.period && periodList.some((p) => p.period === s.period)) setPeriod(s.period);
    },
    [periodList],
  );

  // First visit: the latest full year, and the default setup.
  useEffect(() => {
    if (period !== undefined || periodList.length === 0) return;
    const years = periodList.filter((p) => /^\d{4}$/.test(p.period));
    setPeriod((years.length ? years : periodList)[(years.length ? years : periodList).length - 1]!.period);
  }, [periodList, period]);
  useEffect(() => {
    if (setupName === undefined && setupList[0]) applySetup(setupList[0]);
  }, [setupList, setupName, applySetup]);

  const w = useDebounced(weight, SLIDER_DEBOUNCE_MS);
  const ws = useDebounced(weights, 250);
  const search = useDebounced(searchText.trim(), 250);
  const settings: EvaluationSettings | undefined = useMemo(() => (period ? { period, weight: w, weights: ws, peer } : undefined), [period, w, ws, peer]);

  const summary = useEngine('evaluationSummary', settings, reload);
  const byDepartment = useEngine('evaluationByDepartment', settings, reload);
  const explanation = useEngine('explainEmployee', settings && selected ? { ...settings, employeeId: selected } : undefined, reload);
  const sum = shown(summary);
  const departments = shown(byDepartment);

  const chosen = setupList.find((s) => s.name === setupName);
  const dirty = !!chosen && (chosen.weight !== weight || chosen.peer !== peer || !sameWeights(chosen.weights, weights));
  const error = summary.state === 'error' ? summary.error : undefined;
  const weightsError = error && /weights/.test(String((error.details as { field?: string } | undefined)?.field ?? '')) ? error.message : undefined;

  const departmentName = useCallback(
    (id: string | null): string => {
      if (id === null) return '–';
      const d = catalog?.departments.find((x) => x.department_id === id);
      return (lang === 'ko' ? d?.name : (d?.name_en ?? d?.name)) ?? id;
    },
    [catalog, lang],
  );
  const closeScorecard = useCallback(() => setSelected(undefined), []);
  const departmentLabel = useCallback((d: DepartmentDistribution) => departmentName(d.department_id), [departmentName]);
  const deptRows = departments?.departments ?? NO_DEPARTMENTS;

  const exportAs = async (format: EvaluationExportFormat) => {
    if (!settings) return;
    const name = chosen && !dirty ? chosen.name : undefined;
    setExporting(format);
    const r = await call('evaluationExport', { ...settings, format, ...(name ? { setupName: name } : {}) });
    setExporting(undefined);
    if (!r.ok) return report(r.error);
    saveFile(r.value);
    if (format === 'csv') {
      const record = evaluationSetupRecord(settings, sum?.n ?? 0, new Date(), name);
      saveFile({ kind: 'file', filename: `${evaluationExportBaseName(settings)}.setup.json`, mime: 'application/json', bytes: new TextEncoder().encode(JSON.stringify({ ...record, file: r.value.filename }, null, 2) + '\n') });
    }
  };

  const noPeriods = periods.state === 'ok' && periodList.length === 0;

  return (
    <section className="screen ev-screen" data-testid="screen-evaluation">
      <h1>{t('screens.evaluation.title')}</h1>
      <p className="hint">{t('screens.evaluation.intro')}</p>
      {noPeriods ? (
        <div className="empty-state" data-testid="ev-no-periods">{t('evaluation.noPeriods')}</div>
      ) : (
        <>
          <div className="ev-controls" data-testid="ev-controls">
            <div className="ev-pickers">
              <label>
                {t('evaluation.period')}
                <select value={period ?? ''} onChange={(e) => setPeriod(e.target.value)} data-testid="ev-period">
                  {periodList.map((p) => (
                    <option key={p.period} value={p.period}>
                      {t('evaluation.periodOption', { period: p.period, n: formatInt(p.n, lang) })}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('evaluation.setup')}
                <span className="ev-setup-pick">
                  <select
                    value={setupName ?? ''}
                    onChange={(e) => {
                      const s = setupList.find((x) => x.name === e.target.value);
                      if (s) applySetup(s);
                    }}
                    data-testid="ev-setup"
                  >
                    {setupList.map((s) => (
                      <option key={s.name} value={s.name}>
                        {s.name}{s.builtin ? ` (${t('evaluation.builtin')})` : ''}
                      </option>
                    ))}
                  </select>
                  <button type="button" onClick={() => setDialog(true)} data-testid="ev-manage-setups">
                    {t('evaluation.manageSetups')}
                  </button>
                </span>
                {dirty && <span className="ev-dirty">{t('evaluation.unsaved')}</span>}
              </label>
              <label>
                {t('evaluation.peer')}
                <select value={peer} onChange={(e) => setPeer(e.target.value as PeerGrouping)} data-testid="ev-peer">
                  {PEER_GROUPINGS.map((p) => (
                    <option key={p} value={p}>{t(`evaluation.peerOption.${p}`)}</option>
                  ))}
                </select>
              </label>
            </div>
            <WeightSlider percent={Math.min(SLIDER_MAX, Math.round(weight * 100))} onChange={(p) => setWeight(p / 100)} />
            <WeightsEditor weights={weights} onChange={setWeights} error={weightsError} />
          </div>

          {error && !weightsError && (
            <div className="ev-error" role="alert" data-testid="ev-error">{error.message}</div>
          )}

          {!error && sum && (
            <div className={summary.state === 'loading' ? 'ev-results ev-loading' : 'ev-results'}>
              <div className="kpis">
                <Kpi label={t('evaluation.kpi.n')} value={formatInt(sum.n, lang)} definition={t('evaluation.def.n')} testId="ev-kpi-n" />
                <Kpi label={t('evaluation.kpi.nominal')} value={formatPercent(sum.weight, lang, 0)} definition={t('evaluation.def.weight')} testId="ev-kpi-nominal" />
                <Kpi
                  label={t('evaluation.kpi.effective')}
                  value={formatPercent(sum.effective_weight, lang, 0)}
                  definition={t('evaluation.def.effective_weight')}
                  note={sum.effective_weight === null ? t('evaluation.effectiveNull') : undefined}
                  testId="ev-kpi-effective"
                />
                <Kpi label={t('evaluation.kpi.medianShare')} value={formatPercent(sum.engagement_share_distribution.median, lang, 1)} definition={t('evaluation.def.medianShare')} testId="ev-kpi-share" />
              </div>
              <p className="ev-plain" data-testid="ev-plain">
                {sum.effective_weight === null
                  ? t('evaluation.plainNull', { nominal: formatPercent(sum.weight, lang, 0) })
                  : t('evaluation.plain', { nominal: formatPercent(sum.weight, lang, 0), effective: formatPercent(sum.effective_weight, lang, 0) })}
              </p>
              {sum.notes.length > 0 && (
                <div className="caveat ev-notes" data-testid="ev-notes">
                  <strong>{t('evaluation.notes')}:</strong>
                  <ul>{sum.notes.map((n) => <li key={n}>{n}</li>)}</ul>
                </div>
              )}
              <div className="grid-2">
                <DepartmentBoxPlot title={t('evaluation.chart.share')} departments={deptRows} metric="engagement_share" label={departmentLabel} filename={`${evaluationExportBaseName({ period: sum.period, weight: sum.weight })}-share-by-department`} testId="ev-chart-share" />
                <DepartmentBoxPlot title={t('evaluation.chart.composite')} departments={deptRows} metric="composite" label={departmentLabel} filename={`${evaluationExportBaseName({ period: sum.period, weight: sum.weight })}-composite-by-department`} testId="ev-chart-composite" />
              </div>
              <SensitivityChart rows={sum.sensitivity} weight={sum.weight} />
            </div>
          )}

          {settings && !error && (
            <>
              <div className="section-title ev-table-bar">
                <span>
                  {t('evaluation.table.title')}{' '}
                  <span className="status" data-testid="ev-total">
                    {matching === undefined ? '' : search && sum ? t('evaluation.table.matching', { shown: formatInt(matching, lang), total: formatInt(sum.n, lang) }) : t('evaluation.table.total', { n: formatInt(matching, lang) })}
                  </span>
                </span>
                <span className="ev-table-tools">
                  <input type="search" placeholder={t('evaluation.table.search')} value={searchText} onChange={(e) => setSearchText(e.target.value)} data-testid="ev-search" />
                  <span className="table-export" title={t('evaluation.exports.hint')}>
                    {(['csv', 'xlsx', 'parquet'] as const).map((f) => (
                      <button key={f} type="button" disabled={exporting !== undefined} onClick={() => void exportAs(f)} data-testid={`ev-export-${f}`}>
                        {exporting === f ? t('common.loading') : t(`evaluation.exports.${f}`)}
                      </button>
                    ))}
                  </span>
                </span>
              </div>
              <p className="hint">{t('evaluation.table.hint')}</p>
              {tableError && <div className="ev-error" role="alert">{tableError.message}</div>}
              <EmployeeTable
                settings={settings}
                search={search}
                sort={sort}
                onSort={setSort}
                selected={selected}
                onSelect={setSelected}
                onError={setTableError}
                onTotal={setMatching}
                departmentName={departmentName}
              />
            </>
          )}

          {selected && (
            <Scorecard
              explanation={shown(explanation)}
              error={explanation.state === 'error' ? explanation.error : undefined}
              loading={explanation.state === 'loading'}
              setupName={chosen && !dirty ? chosen.name : undefined}
              departmentName={departmentName}
              onClose={closeScorecard}
            />
          )}
          {dialog && settings && (
            <SetupDialog
              setups={setupList}
              current={settings}
              selected={setupName}
              onChanged={(name) => {
                setSetupsVersion((v) => v + 1);
                if (name) setSetupName(name);
                else setSetupName(undefined);
              }}
              onClose={() => setDialog(false)}
            />
          )}
        </>
      )}
    </section>
  );
}
