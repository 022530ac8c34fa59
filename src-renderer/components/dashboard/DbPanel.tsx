/**
 * A dashboard section: title with its definition, the link to the Analyst
 * screen that explains it, SVG/PNG export of its chart (print resolution),
 * and the point cap (a chart draws at most `maxPoints` and says so).
 */
import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { navigate, type ScreenId } from '../../router';
import { Definition } from '../Definition';
import { exportPng, exportSvg } from '../exporters';
import { LEADERSHIP_SCREENS, useProfile } from '../profile';

export interface Explain {
  screen: ScreenId;
  params?: Record<string, string>;
}

/** A link to the screen that explains a number; disabled (with the reason) where the profile cannot open it. */
export function DbLink({ to, testId }: { to: Explain; testId?: string }) {
  const { t } = useTranslation();
  const { leadership } = useProfile();
  const blocked = leadership && !LEADERSHIP_SCREENS.has(to.screen);
  return (
    <button
      type="button"
      className="db-link"
      disabled={blocked}
      title={blocked ? t('dashboard.link.blocked') : t('dashboard.link.hint', { screen: t(`nav.${to.screen}`) })}
      onClick={() => navigate(to.screen, to.params)}
      data-testid={testId}
      data-screen={to.screen}
    >
      {t('dashboard.link.explain', { screen: t(`nav.${to.screen}`) })} →
    </button>
  );
}

export interface DbPanelProps {
  title: string;
  definition: string;
  explain?: Explain;
  /** Data points of the chart (0: no export); compared with maxPoints. */
  points?: number;
  maxPoints?: number;
  filename: string;
  testId: string;
  children: ReactNode;
}

export function DbPanel({ title, definition, explain, points = 0, maxPoints = Infinity, filename, testId, children }: DbPanelProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const svg = () => ref.current?.querySelector('svg.db-svg') as SVGSVGElement | null;
  const logged = (format: string) => void call('logExport', { what: `dashboard chart ${filename}`, format });
  return (
    <section className="db-panel" data-testid={testId}>
      <header className="db-panel-head">
        <h2>
          {title} <Definition text={definition} />
        </h2>
        <span className="db-panel-actions">
          {explain && <DbLink to={explain} testId={`${testId}-link`} />}
          {points > 0 && (
            <>
              <button type="button" onClick={() => { const s = svg(); if (s) { exportSvg(s, `${filename}.svg`); logged('svg'); } }}>SVG</button>
              <button type="button" onClick={() => { const s = svg(); if (s) void exportPng(s, `${filename}.png`, 4).then(() => logged('png')); }}>PNG</button>
            </>
          )}
        </span>
      </header>
      {points > maxPoints && <div className="chart-cap">{t('chart.capped', { shown: maxPoints, total: points })}</div>}
      <div ref={ref}>{children}</div>
    </section>
  );
}
