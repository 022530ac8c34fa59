/**
 * A legend drawn inside the chart's own SVG (so SVG/PNG exports carry it),
 * in the top margin, wrapping onto a second row when the plot is narrow.
 * Recharts' <Legend> renders its icons as separate svg.recharts-surface
 * elements ahead of the chart, which the export in ChartFrame would pick up.
 */
import { usePlotArea } from 'recharts';

export interface LegendItem {
  key: string;
  label: string;
  colour: string;
  dashed?: boolean;
}

/** Rough text width: Hangul is about twice as wide as Latin at 12 px. */
const textWidth = (s: string): number => [...s].reduce((w, ch) => w + (/[\u3131-\uD79D]/.test(ch) ? 12 : 6.8), 0);

export const LEGEND_ROW = 18;

export function SvgLegend({ items, top = 4 }: { items: LegendItem[]; top?: number }) {
  const plot = usePlotArea();
  if (!plot) return null;
  let x = plot.x;
  let y = top;
  const placed = items.map((it) => {
    const w = 18 + textWidth(it.label) + 14;
    if (x + w > plot.x + plot.width && x > plot.x) {
      x = plot.x;
      y += LEGEND_ROW;
    }
    const at = { ...it, x, y };
    x += w;
    return at;
  });
  return (
    <g className="dp-svg-legend">
      {placed.map((it) => (
        <g key={it.key} transform={`translate(${it.x}, ${it.y})`}>
          {it.dashed ? (
            <line x1={0} x2={14} y1={7} y2={7} stroke={it.colour} strokeWidth={2.5} strokeDasharray="4 2" />
          ) : (
            <rect x={0} y={1} width={12} height={12} rx={2} fill={it.colour} />
          )}
          <text x={18} y={11} fontSize={12} fill="#3b4654">
            {it.label}
          </text>
        </g>
      ))}
    </g>
  );
}
