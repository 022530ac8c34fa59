/**
 * A heatmap drawn with Recharts: a ScatterChart on index axes whose points
 * are square cells sized to the grid (so it exports as SVG/PNG like every
 * chart). Rows and columns carry labels and an optional group (bureau), with
 * a line between groups; a focused id is drawn at full strength and the rest
 * paled. Cells hold aggregates only, and carry their text as an SVG <title>.
 */
import { ReferenceLine, Scatter, ScatterChart, XAxis, YAxis } from 'recharts';
import { heat, useWidth } from './model';

export interface HeatAxisItem {
  id: string;
  label: string;
  title: string;
  group?: string | null;
}

export interface HeatCell {
  row: number;
  col: number;
  value: number;
  /** Shown inside the cell when it is wide enough. */
  text?: string;
  title: string;
}

export interface HeatmapProps {
  rows: HeatAxisItem[];
  cols: HeatAxisItem[];
  cells: HeatCell[];
  cellHeight: number;
  rowLabelWidth: number;
  colLabelHeight: number;
  /** Column labels at −90° (many columns) or horizontal (few). */
  rotateCols?: boolean;
  focus?: string;
  onFocus?: (id: string) => void;
  testId?: string;
}

const MARGIN = { top: 4, right: 12, bottom: 4, left: 4 };

export const heatmapHeight = (rows: number, cellHeight: number, colLabelHeight: number): number => rows * cellHeight + colLabelHeight + MARGIN.top + MARGIN.bottom;

/** A horizontal label cut to the width of its column (about 6.5 px per Latin character, 11 per Hangul). */
function fit(label: string, width: number): string {
  const per = /[\u3131-\uD79D]/.test(label) ? 11 : 6.5;
  const n = Math.max(3, Math.floor((width - 4) / per));
  return label.length > n ? `${label.slice(0, n - 1)}…` : label;
}

/** Indexes i where items[i] starts a new group (i > 0). */
const boundaries = (items: HeatAxisItem[]): number[] => items.flatMap((it, i) => (i > 0 && (it.group ?? '') !== (items[i - 1]?.group ?? '') ? [i] : []));

export function Heatmap({ rows, cols, cells, cellHeight, rowLabelWidth, colLabelHeight, rotateCols, focus, onFocus, testId }: HeatmapProps) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const height = heatmapHeight(rows.length, cellHeight, colLabelHeight);
  const plotWidth = Math.max(10, width - MARGIN.left - MARGIN.right - rowLabelWidth);
  const cellWidth = plotWidth / Math.max(1, cols.length);
  const max = cells.reduce((m, c) => Math.max(m, c.value), 0);
  const focusRow = focus ? rows.findIndex((r) => r.id === focus) : -1;
  const focusCol = focus ? cols.findIndex((c) => c.id === focus) : -1;
  const lit = (c: HeatCell) => !focus || c.row === focusRow || c.col === focusCol;
  const showText = cellWidth >= 34 && cellHeight >= 14;

  const Shape = (p: { cx?: number; cy?: number; payload?: HeatCell }) => {
    const c = p.payload;
    if (!c || p.cx === undefined || p.cy === undefined) return <g />;
    const fill = heat(c.value, max);
    const dark = max > 0 && Math.sqrt(c.value / max) > 0.55;
    return (
      <g opacity={lit(c) ? 1 : 0.28} onClick={onFocus ? () => onFocus(rows[c.row]!.id) : undefined} style={onFocus ? { cursor: 'pointer' } : undefined}>
        <rect x={p.cx - cellWidth / 2 + 0.5} y={p.cy - cellHeight / 2 + 0.5} width={Math.max(1, cellWidth - 1)} height={Math.max(1, cellHeight - 1)} fill={fill}>
          <title>{c.title}</title>
        </rect>
        {showText && c.text && (
          <text x={p.cx} y={p.cy} dy={3.5} textAnchor="middle" fontSize={10} fill={dark ? '#fff' : '#1c2430'} pointerEvents="none">
            {c.text}
          </text>
        )}
      </g>
    );
  };

  const RowTick = (p: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) => {
    const item = rows[Number(p.payload?.value)];
    if (!item) return <g />;
    const focused = item.id === focus;
    return (
      <text
        x={Number(p.x) - 4}
        y={Number(p.y)}
        dy={3.5}
        textAnchor="end"
        fontSize={cellHeight < 13 ? 9.5 : 11}
        fontWeight={focused ? 700 : 400}
        fill={focused ? '#0b4f71' : '#3b4654'}
        onClick={onFocus ? () => onFocus(item.id) : undefined}
        style={onFocus ? { cursor: 'pointer' } : undefined}
      >
        <title>{item.title}</title>
        {item.label}
      </text>
    );
  };

  const ColTick = (p: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) => {
    const item = cols[Number(p.payload?.value)];
    if (!item) return <g />;
    const focused = item.id === focus;
    const x = Number(p.x);
    const y = Number(p.y);
    return rotateCols ? (
      <text x={x} y={y} dx={3} textAnchor="start" transform={`rotate(-90, ${x}, ${y})`} fontSize={cellWidth < 13 ? 9 : 10.5} fontWeight={focused ? 700 : 400} fill={focused ? '#0b4f71' : '#3b4654'}>
        <title>{item.title}</title>
        {item.label}
      </text>
    ) : (
      <text x={x} y={y} dy={-4} textAnchor="middle" fontSize={11} fill="#3b4654">
        <title>{item.title}</title>
        {fit(item.label, cellWidth)}
      </text>
    );
  };

  const rowLines = boundaries(rows);
  const colLines = boundaries(cols);
  const data = cells.map((c) => ({ ...c, x: c.col, y: c.row }));

  return (
    <div ref={ref} className="dp-heatmap" data-testid={testId} style={{ height }}>
      {width > 0 && (
        <ScatterChart width={width} height={height} margin={MARGIN}>
          <XAxis
            type="number"
            dataKey="x"
            orientation="top"
            domain={[-0.5, cols.length - 0.5]}
            ticks={cols.map((_, i) => i)}
            interval={0}
            height={colLabelHeight}
            tick={ColTick}
            tickLine={false}
            axisLine={false}
            allowDataOverflow
          />
          <YAxis
            type="number"
            dataKey="y"
            reversed
            domain={[-0.5, rows.length - 0.5]}
            ticks={rows.map((_, i) => i)}
            interval={0}
            width={rowLabelWidth}
            tick={RowTick}
            tickLine={false}
            axisLine={false}
            allowDataOverflow
          />
          <Scatter data={data} shape={Shape} isAnimationActive={false} />
          {rowLines.map((i) => (
            <ReferenceLine key={`r${i}`} y={i - 0.5} stroke="#7d8794" strokeWidth={1} />
          ))}
          {colLines.map((i) => (
            <ReferenceLine key={`c${i}`} x={i - 0.5} stroke="#7d8794" strokeWidth={1} />
          ))}
        </ScatterChart>
      )}
    </div>
  );
}

/** A legend for heat(): pale = 0 to deep = max, as text the reader can match. */
export function HeatLegend({ max, label }: { max: string; label: string }) {
  return (
    <div className="dp-heat-legend">
      <span>0</span>
      <span className="dp-heat-ramp" />
      <span>{max}</span>
      <span className="note">{label}</span>
    </div>
  );
}
