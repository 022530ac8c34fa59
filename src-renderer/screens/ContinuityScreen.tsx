/**
 * Continuity across administrations (SPEC "Metrics → Continuity"): which
 * engagement programs, staff and departments survive a change of head. The
 * administrations strip (editable), A/B pickers stepping through adjacent
 * pairs, KPI cards, the interrupted time series, the department-rank
 * slopegraph, the program lists and timeline, and the per-administration
 * table. The view (pair, W, m, series, filters) lives in the URL.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Administration, ContinuityResult } from '../../src-main/common/continuityApi';
import type { Scope } from '../../src-main/common/scope';
import { call, decodeTable, type DecodedTable } from '../api/client';
import { AdministrationDialog } from '../components/continuity/AdministrationDialog';
import { AdministrationStrip } from '../components/continuity/AdministrationStrip';
import { ContinuityControls } from '../components/continuity/ContinuityControls';
import { ItsChart } from '../components/continuity/ItsChart';
import { formatEstimate, headOf, parseWhole, toAdministrations, useContinuityView } from '../components/continuity/model';
import { ProgramLists } from '../components/continuity/ProgramLists';
import { ProgramTimeline } from '../components/continuity/ProgramTimeline';
import { RankSlopegraph } from '../components/continuity/RankSlopegraph';
import { SummaryTable } from '../components/continuity/SummaryTable';
import { Kpi } from '../components/Kpi';
import { useScope } from '../components/ScopeBar';
import { useCatalog } from '../components/useCatalog';
import { formatDate, formatInt, formatNumber, formatPercent } from '../format';

type Loaded<T> = { value?: T; error?: string };

/** Runs an API call when its key changes; keeps the error message for the screen instead of the banner. */
function useLoad<T>(key: string | undefined, load: () => Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Loaded<T> & { loading: boolean } {
  const [state, setState] = useState<Loaded<T> & { key?: string }>({});
  useEffect(() => {
    if (key === undefined) return;
    let live = true;
    void load().then((r) => {
      if (live) setState(r.ok ? { value: r.value, key } : { error: r.error.message, key });
    });
    return () => {
      live = false;
    };
  }, [key]);
  if (key === undefined) return { loading: false };
  return { ...state, loading: state.key !== key };
}

export function ContinuityScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const catalog = useCatalog();
  const [view, setView] = useContinuityView();
  const [rawScope, setScope] = useScope('continuity');
  // The continuity scope takes no dates: the administrations set the windows.
  const scope = useMemo<Scope | undefined>(() => {
    const { from: _from, to: _to, ...rest } = rawScope;
    return Object.keys(rest).length ? (rest as Scope) : undefined;
  }, [rawScope]);
  const scopeKey = JSON.stringify(scope ?? {});
  const [version, setVersion] = useState(0);
  const [readOnly, setReadOnly] = useState(false);
  const [editing, setEditing] = useState<Administration | null>();
  const windowMonths = parseWhole(view.window);
  const minEvents = parseWhole(view.m);

  useEffect(() => {
    void call('info', {}).then((r) => r.ok && setReadOnly(r.value.readOnly));
  }, []);

  const adminsLoad = useLoad(String(version), async () => {
    const r = await call('listAdministrations', {});
    return r.ok ? { ok: true as const, value: toAdministrations(decodeTable(r.value).rows) } : r;
  });
  const admins = useMemo(() => adminsLoad.value ?? [], [adminsLoad.value]);

  // Adjacent pairs whose spans both meet the events' span.
  const pairs = useMemo<[string, string][]>(() => {
    const span = catalog?.span;
    if (!span?.from || !span.to) return [];
    const hasData = (a: Administration) => a.starts_on <= span.to! && (a.ends_on ?? '9999-12-31') >= span.from!;
    const out: [string, string][] = [];
    for (let i = 1; i < admins.length; i++) if (hasData(admins[i - 1]!) && hasData(admins[i]!)) out.push([admins[i - 1]!.administration_id, admins[i]!.administration_id]);
    return out;
  }, [admins, catalog]);

  // A and B from the URL when they name administrations; else the latest adjacent pair with data.
  const known = (id: string | undefined) => (id && admins.some((a) => a.administration_id === id) ? id : undefined);
  const neighbour = (id: string, by: number) => admins[admins.findIndex((a) => a.administration_id === id) + by]?.administration_id;
  const latest = pairs[pairs.length - 1];
  let before = known(view.before);
  let after = known(view.after);
  if (!before && after) before = neighbour(after, -1);
  if (before && !after) after = neighbour(before, 1);
  if (!before && !after && latest) [before, after] = latest;

  const summary = useLoad<DecodedTable>(minEvents === undefined ? undefined : `${version}|${minEvents}|${scopeKey}`, async () => {
    const r = await call('continuitySummary', { minEvents: minEvents!, ...(scope ? { scope } : {}) });
    return r.ok ? { ok: true as const, value: decodeTable(r.value) } : r;
  });
  const timeline = useLoad<DecodedTable>(minEvents === undefined || windowMonths === undefined ? undefined : `${version}|${minEvents}|${windowMonths}|${scopeKey}`, async () => {
    const r = await call('programTimeline', { minEvents: minEvents!, windowMonths: windowMonths!, ...(scope ? { scope } : {}) });
    return r.ok ? { ok: true as const, value: decodeTable(r.value) } : r;
  });
  const ready = before && after && minEvents !== undefined && windowMonths !== undefined && adminsLoad.value;
  const cont = useLoad<ContinuityResult>(ready ? `${version}|${before}|${after}|${windowMonths}|${minEvents}|${view.series}|${scopeKey}` : undefined, () =>
    call('continuity', { before: before!, after: after!, windowMonths: windowMonths!, minEvents: minEvents!, series: view.series, ...(scope ? { scope } : {}) }),
  );
  const result = cont.error ? undefined : cont.value;

  const onSaved = useCallback(() => {
    setEditing(undefined);
    setVersion((v) => v + 1);
    window.dispatchEvent(new Event('sotong:data-changed'));
  }, []);
  const closeDialog = useCallback(() => setEditing(undefined), []);

  const inputErrors = [
    ...(windowMonths === undefined ? [t('continuity.controls.notWhole', { field: t('continuity.controls.window') })] : []),
    ...(minEvents === undefined ? [t('continuity.controls.notWhole', { field: t('continuity.controls.minEvents') })] : []),
  ];
  // One message at a time: the same bad input (e.g. m < 1) fails every request alike.
  const engineErrors = [adminsLoad.error, cont.error, summary.error, timeline.error].filter((e): e is string => !!e).slice(0, 1);
  const A = admins.find((a) => a.administration_id === result?.before);
  const B = admins.find((a) => a.administration_id === result?.after);

  return (
    <section className="screen ct-screen" data-testid="screen-continuity">
      <h1>{t('screens.continuity.title')}</h1>
      <p className="hint ct-intro">{t('continuity.intro')}</p>
      <AdministrationStrip admins={admins} span={catalog?.span} before={before} after={after} readOnly={readOnly} onEdit={setEditing} />
      <ContinuityControls admins={admins} pairs={pairs} view={view} before={before} after={after} setView={setView} catalog={catalog} scope={scope ?? {}} setScope={setScope} />

      {(inputErrors.length > 0 || engineErrors.length > 0) && (
        <div className="ct-error" role="alert" data-testid="ct-error">
          {[...inputErrors, ...engineErrors].map((m) => (
            <div key={m}>{m}</div>
          ))}
        </div>
      )}
      {adminsLoad.value && admins.length > 0 && pairs.length === 0 && !before && <p className="caveat">{t('continuity.controls.noPair')}</p>}

      {result && (
        <div className={`ct-result${cont.loading ? ' ct-stale' : ''}`} data-testid="ct-result" data-pair={cont.loading ? '' : `${result.before}>${result.after}`}>
          <p className="ct-question" data-testid="ct-question">
            {t('continuity.question', {
              a: A ? `${headOf(A)} (${result.before})` : result.before,
              b: B ? `${headOf(B)} (${result.after})` : result.after,
              t: formatDate(result.boundary, lang),
              w: result.window_months,
              m: result.min_events,
            })}
          </p>
          <div className="kpis ct-kpis" data-testid="ct-kpis">
            <Kpi
              testId="ct-kpi-survival"
              label={t('continuity.kpi.program_survival')}
              value={formatPercent(result.program_survival, lang, 1)}
              definition={t('continuity.kpi.def.program_survival', { m: result.min_events, w: result.window_months })}
              note={
                result.program_survival === null
                  ? result.program_survival_note
                  : t('continuity.kpi.survivalDetail', {
                      survived: formatInt(result.programs_before.length - result.ended.length, lang),
                      before: formatInt(result.programs_before.length, lang),
                    })
              }
            />
            <Kpi
              testId="ct-kpi-retention"
              label={t('continuity.kpi.staff_retention')}
              value={formatPercent(result.staff_retention, lang, 1)}
              definition={t('continuity.kpi.def.staff_retention', { w: result.window_months })}
              note={
                result.staff_retention === null
                  ? result.staff_retention_note
                  : t('continuity.kpi.retentionDetail', {
                      retained: formatInt(result.staff_retained, lang),
                      denominator: formatInt(result.staff_engaged_before - result.staff_left, lang),
                      left: formatInt(result.staff_left, lang),
                    })
              }
            />
            <Kpi
              testId="ct-kpi-ranks"
              label={t('continuity.kpi.department_rank_stability')}
              value={formatNumber(result.department_rank_stability, lang, 2)}
              definition={t('continuity.kpi.def.department_rank_stability')}
              note={result.department_rank_stability === null ? result.department_rank_stability_note : t('continuity.kpi.rankDetail', { n: formatInt(result.department_rank_stability_n, lang) })}
            />
            <Kpi
              testId="ct-kpi-level"
              label={t('continuity.kpi.level', { series: t(`continuity.series.${view.series}`) })}
              value={result.its ? formatEstimate(result.its.b2, lang, true) : '–'}
              definition={t('continuity.kpi.def.level')}
              note={result.its ? t('continuity.kpi.levelDetail', { se: formatEstimate(result.its.se2, lang), unit: t(`continuity.unit.${result.its.series}`) }) : t('continuity.its.notFitted')}
            />
          </div>
          {result.notes.length > 0 && (
            <details className="ct-notes" data-testid="ct-notes" open>
              <summary>{t('continuity.notes')}</summary>
              <ul>
                {result.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </details>
          )}
          <ItsChart result={result} series={view.series} />
          <div className="ct-grid">
            <RankSlopegraph result={result} admins={admins} catalog={catalog} />
            <ProgramLists result={result} />
          </div>
        </div>
      )}
      {cont.loading && !result && !cont.error && <p className="note">{t('continuity.loading')}</p>}

      <ProgramTimeline table={timeline.value} admins={admins} result={result} windowMonths={windowMonths} />
      <SummaryTable table={summary.value} admins={admins} before={before} after={after} minEvents={minEvents} />

      {editing !== undefined && <AdministrationDialog admin={editing} onClose={closeDialog} onSaved={onSaved} />}
    </section>
  );
}
