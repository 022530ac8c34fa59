/**
 * The dashboard as a printable report (A4 pages): a cover (workspace, scope,
 * profile, suppression k, date, and the definition of every metric shown),
 * then one page per dashboard section. Charts are SVG at a fixed page width,
 * so the PDF holds vectors. The root carries `data-report-ready="true"` once
 * everything is drawn and the fonts are loaded (the `report` CLI waits for
 * it), or `data-report-error` with the reason. With `print=1` in the URL it
 * opens the print dialog itself and records the export in the audit log.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkspaceInfo } from '../../../src-main/common/api';
import { call } from '../../api/client';
import { formatDate, formatPercent } from '../../format';
import { navigate, useRoute } from '../../router';
import { KPIS } from '../dashboard/KpiCards';
import { EVALUATION_WEIGHT, useDashboard, yearsWithData, type DashboardData } from '../dashboard/model';
import { allSuppressed, DashboardSections, SECTIONS } from '../dashboard/Sections';
import { useDashboardView } from '../dashboard/view';
import { useProfile } from '../profile';
import { useCatalog } from '../useCatalog';
import { printPdf } from '../printPdf';

/** Chart width on an A4 page with 12 mm margins (186 mm ≈ 703 CSS px), less a little air. */
export const PAGE_CHART_WIDTH = 680;

const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function ReportView() {
  const { t } = useTranslation();
  const route = useRoute();
  const catalog = useCatalog();
  const { profile } = useProfile();
  const { year, metric, set } = useDashboardView(catalog?.span);
  const { data, loading } = useDashboard(year, catalog, profile);
  const [info, setInfo] = useState<WorkspaceInfo>();
  const [ready, setReady] = useState(false);
  const printed = useRef(false);
  const wantsPrint = route.params.get('print') === '1';
  const noData = catalog !== undefined && yearsWithData(catalog.span).length === 0;

  useEffect(() => {
    document.body.classList.add('rp-mode');
    void call('info', {}).then((r) => r.ok && setInfo(r.value));
    return () => document.body.classList.remove('rp-mode');
  }, []);

  // Ready: data, workspace and profile known, fonts loaded, two frames painted.
  useEffect(() => {
    setReady(false);
    if (!data || loading || !info || !profile) return;
    let live = true;
    // Fonts first (Hangul glyphs load by subset); a stalled font must not hold the report forever.
    const fonts = Promise.race([document.fonts.ready, new Promise((r) => setTimeout(r, 15_000))]);
    void fonts.then(() => {
      const done = () => live && setReady(true);
      const fallback = setTimeout(done, 500);
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          clearTimeout(fallback);
          done();
        }),
      );
    });
    return () => {
      live = false;
    };
  }, [data, loading, info, profile]);

  useEffect(() => {
    if (!ready || !wantsPrint || printed.current || !data || !profile) return;
    printed.current = true;
    void call('logExport', { what: 'dashboard report', format: 'pdf', setup: { year: data.year, metric, profile: profile.profile, k: profile.k, via: 'print' } }).then(() => {
      void printPdf('sotong-report.pdf');
      set({ print: undefined });
    });
  }, [ready, wantsPrint, data, profile, metric, set]);

  return (
    <div
      className="rp-report"
      data-testid="report"
      data-report-ready={ready ? 'true' : undefined}
      data-report-error={noData ? t('dashboard.noData') : undefined}
      data-report-year={data?.year}
      data-report-pages={ready ? SECTIONS.length + 1 : undefined}
    >
      <div className="rp-toolbar">
        <button type="button" onClick={() => navigate('dashboard', year !== undefined ? { year: String(year), metric } : undefined)} data-testid="rp-back">
          ← {t('report.back')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!ready}
          onClick={() => {
            printed.current = false;
            set({ print: '1' });
          }}
          data-testid="rp-print"
        >
          {t('report.print')}
        </button>
        <span className="status">{ready ? t('report.hint') : t('report.preparing')}</span>
      </div>
      {noData && <p className="empty-state">{t('dashboard.noData')}</p>}
      {data && catalog && info && profile && (
        <>
          <Cover data={data} info={info} metric={metric} />
          <DashboardSections
            data={data}
            catalog={catalog}
            metric={metric}
            width={PAGE_CHART_WIDTH}
            wrap={(id, node) => (
              <div className="rp-page" data-section={id}>
                {id === 'kpis' && allSuppressed(data) && <p className="db-message">{t('dashboard.allSuppressed', { k: profile.k, year: data.year })}</p>}
                {node}
              </div>
            )}
          />
        </>
      )}
    </div>
  );
}

function Cover({ data, info, metric }: { data: DashboardData; info: WorkspaceInfo; metric: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { profile } = useProfile();
  const leadership = profile?.profile === 'leadership';
  const k = profile?.k ?? 5;
  const year = data.year;
  const w = formatPercent(EVALUATION_WEIGHT, lang, 0);
  const m = data.continuity.value?.min_events ?? 3;
  const windowMonths = data.continuity.value?.window_months ?? 12;
  const definitions: [string, string][] = [
    ...KPIS.map((kpi): [string, string] => [t(`dashboard.kpi.${kpi}`), t(`dashboard.def.${kpi}`)]),
    [t('dashboard.report.change'), `${t('dashboard.def.change')} ${t('dashboard.def.sparkline')}`],
    [t('dashboard.rank.title', { metric: t(`metrics.${metric}.label`), year }), t(`metrics.${metric}.def`)],
    [t('metrics.collaboration.label'), t('dashboard.def.silo')],
    [t('dashboard.continuity.survival'), t('dashboard.def.program_survival', { m, w: windowMonths })],
    [t('dashboard.continuity.retention'), t('dashboard.def.staff_retention', { w: windowMonths })],
    [t('dashboard.continuity.level'), t('dashboard.def.level_change')],
    [t('dashboard.evaluation.share'), t('dashboard.def.mean_engagement_share')],
    [t('dashboard.evaluation.weight'), t('dashboard.def.effective_weight', { w })],
  ];
  const facts: [string, string, string][] = [
    ['workspace', t('report.workspace'), info.path.split(/[\\/]/).pop() ?? info.path],
    ['scope', t('report.scope'), t('report.scopeValue', { year, from: formatDate(`${year}-01-01`, lang), to: formatDate(`${year}-12-31`, lang) })],
    ['profile', t('report.profile'), t(`privacy.${profile?.profile ?? 'analyst'}`)],
    ['k', t('report.k'), leadership ? t('report.kValue', { k }) : t('report.kNone')],
    ['evaluation', t('report.evaluation'), data.evaluation.value ? t('dashboard.evaluation.setup', { period: data.evaluation.value.period, w }) : t('dashboard.evaluation.none', { year })],
    ['continuity', t('report.continuity'), data.boundary ? `${data.boundary.beforeName} → ${data.boundary.afterName} (${formatDate(data.boundary.boundary, lang)})` : t('dashboard.continuity.none')],
    ['date', t('report.date'), formatDate(today(), lang)],
  ];
  return (
    <div className="rp-page rp-cover" data-section="cover" data-testid="rp-cover">
      <p className="rp-brand">Sotong · 소통</p>
      <h1>{t('report.title', { year })}</h1>
      <p className="rp-subtitle">{t('screens.dashboard.title')}</p>
      <dl className="rp-facts">
        {facts.map(([id, label, value]) => (
          <div key={id} data-testid={`rp-fact-${id}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h2>{t('report.contents')}</h2>
      <ol className="rp-contents">
        <li>{t('dashboard.kpi.title', { year })}</li>
        <li>{t('dashboard.rank.title', { metric: t(`metrics.${metric}.label`), year })}</li>
        <li>{t('dashboard.silo.title', { year })}</li>
        <li>{t('dashboard.continuity.title')}</li>
        <li>{t('dashboard.evaluation.title', { period: data.evaluation.value?.period ?? year })}</li>
      </ol>
      <h2>{t('report.definitions')}</h2>
      <dl className="rp-definitions">
        {definitions.map(([label, def]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{def}</dd>
          </div>
        ))}
        {leadership && (
          <div>
            <dt>{t('report.suppression', { k })}</dt>
            <dd>{t('report.suppressionRule', { k })}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}
