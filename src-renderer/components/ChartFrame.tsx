/**
 * Frame of every chart: title with its definition, SVG/PNG export, an empty
 * state, and the point cap: a chart never draws more than `maxPoints`; when
 * the data has more it shows the first ones and says so instead of freezing.
 */
import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Definition } from './Definition';
import { exportPng, exportSvg } from './exporters';

export interface ChartFrameProps {
  title: string;
  definition: string;
  /** How many data points the data has; compared with maxPoints. */
  points: number;
  maxPoints: number;
  filename: string;
  children: ReactNode;
  testId?: string;
  height?: number;
}

export function ChartFrame({ title, definition, points, maxPoints, filename, children, testId, height = 280 }: ChartFrameProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const svg = () => ref.current?.querySelector('.recharts-wrapper > svg.recharts-surface') as SVGSVGElement | null;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        <span className="chart-title">
          {title} <Definition text={definition} />
        </span>
        <span className="chart-actions">
          <button type="button" disabled={points === 0} onClick={() => { const s = svg(); if (s) exportSvg(s, `${filename}.svg`); }}>SVG</button>
          <button type="button" disabled={points === 0} onClick={() => { const s = svg(); if (s) void exportPng(s, `${filename}.png`); }}>PNG</button>
        </span>
      </figcaption>
      {points > maxPoints && <div className="chart-cap">{t('chart.capped', { shown: maxPoints, total: points })}</div>}
      <div ref={ref} style={{ height }}>
        {points === 0 ? <div className="chart-empty">{t('chart.empty')}</div> : children}
      </div>
    </figure>
  );
}
