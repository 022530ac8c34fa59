/**
 * A heatmap on a Recharts surface (so it exports as SVG/PNG like every
 * chart): cells are rects sized to the grid, labels beside and above. Rows and columns carry labels and an optional group (bureau), with
 * a line between groups; a focused id is drawn at full strength and the rest
 * paled. Cells hold aggregates only. A collaboration matrix has thousands of
 * cells: each is a bare rect, and one handler over the plot finds the cell
 * under the pointer (its text in a tooltip, computed only then; a click
 * focuses its row), so a filter change repaints quickly.
 */
import { useState, type MouseEvent } from 'react';
import { ScatterChart } from 'recharts';
import { heat, useWidth } from './model';
import { fitText } from './NameTick';

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
  /** The tooltip, computed when the cell is hovered. */
  title: () => string;
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

interface Hover {
  x: number;
  y: number;
  text: string;
}

export function Heatmap({ rows, cols, cells, cellHeight, rowLabelWidth, colLabelHeight, rotateCols, focus, onFocus, testId }: HeatmapProps) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const [hover, setHover] = useState<Hover | null>(null);
  const height = heatmapHeight(rows.length, cellHeight, colLabelHeight);
  return (
    <div ref={ref} className="dp-heatmap" data-testid={testId} style={{ height }}>
      {width > 0 && (
        // The chart only lends its surface (and so the SVG/PNG export); the
        // cells are plain rects: a Scatter series would cost a Recharts point
        // object per cell, and a filter change must repaint quickly.
        <ScatterChart width={width} height={height} margin={MARGIN}>
          <HeatLayer {...{ rows, cols, cells, cellHeight, rowLabelWidth, colLabelHeight, rotateCols, focus, onFocus, width, onHover: setHover }} />
        </ScatterChart>
      )}
      {hover && (
        <div className="dp-heat-tip" role="tooltip" data-testid={testId ? `${testId}-tip` : undefined} style={{ left: hover.x, top: hover.y }}>
          {hover.text}
        </div>
      )}
    </div>
  );
}

function HeatLayer({
  rows, cols, cells, cellHeight, rowLabelWidth, colLabelHeight, rotateCols, focus, onFocus, width, onHover,
}: Omit<HeatmapProps, 'testId'> & { width: number; onHover: (h: Hover | null) => void }) {
  const left = MARGIN.left + rowLabelWidth;
  const top = MARGIN.top + colLabelHeight;
  const plotWidth = Math.max(10, width - left - MARGIN.right);
  const cellWidth = plotWidth / Math.max(1, cols.length);
  const max = cells.reduce((m, c) => Math.max(m, c.value), 0);
  const focusRow = focus ? rows.findIndex((r) => r.id === focus) : -1;
  const focusCol = focus ? cols.findIndex((c) => c.id === focus) : -1;
  const lit = (c: HeatCell) => !focus || c.row === focusRow || c.col === focusCol;
  const showText = cellWidth >= 34 && cellHeight >= 14;
  const cx = (col: number) => left + (col + 0.5) * cellWidth;
  const cy = (row: number) => top + (row + 0.5) * cellHeight;
  const clickable = onFocus ? { cursor: 'pointer' } : undefined;
  const byPosition = new Map(cells.map((c) => [c.row * cols.length + c.col, c]));
  // The cell under the pointer, from its position over the plot.
  const cellAt = (e: MouseEvent<SVGRectElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const col = Math.floor((e.clientX - box.left) / cellWidth);
    const row = Math.floor((e.clientY - box.top) / cellHeight);
    return { row, col, cell: byPosition.get(row * cols.length + col), x: e.clientX - box.left + left, y: e.clientY - box.top + top };
  };
  return (
    <g className="dp-heat-layer">
      <rect x={left} y={top} width={plotWidth} height={rows.length * cellHeight} fill="#f7f9fb" />
      {cells.map((c) => (
        <rect
          key={`${c.row}:${c.col}`}
          x={left + c.col * cellWidth + 0.5}
          y={top + c.row * cellHeight + 0.5}
          width={Math.max(1, cellWidth - 1)}
          height={Math.max(1, cellHeight - 1)}
          fill={heat(c.value, max)}
          opacity={lit(c) ? 1 : 0.4}
        />
      ))}
      {showText &&
        cells.map((c) =>
          c.text ? (
            <text key={`t${c.row}:${c.col}`} x={cx(c.col)} y={cy(c.row)} dy={3.5} textAnchor="middle" fontSize={10} opacity={lit(c) ? 1 : 0.4}
              fill={max > 0 && Math.sqrt(c.value / max) > 0.55 ? '#fff' : '#1c2430'} pointerEvents="none">
              {c.text}
            </text>
          ) : null,
        )}
      <rect
        className="dp-heat-hit"
        x={left}
        y={top}
        width={plotWidth}
        height={rows.length * cellHeight}
        fill="transparent"
        style={clickable}
        onMouseMove={(e) => {
          const { cell, x, y } = cellAt(e);
          onHover(cell ? { x, y, text: cell.title() } : null);
        }}
        onMouseLeave={() => onHover(null)}
        onClick={(e) => {
          const { row } = cellAt(e);
          if (onFocus && rows[row]) onFocus(rows[row].id);
        }}
      />
      {rows.map((item, i) => {
        const focused = item.id === focus;
        return (
          <text
            key={item.id}
            x={left - 6}
            y={cy(i)}
            dy={3.5}
            textAnchor="end"
            fontSize={cellHeight < 13 ? 9.5 : 11}
            fontWeight={focused ? 700 : 400}
            fill={focused ? '#0b4f71' : '#3b4654'}
            onClick={onFocus ? () => onFocus(item.id) : undefined}
            style={clickable}
          >
            <title>{item.title}</title>
            {fitText(item.label, rowLabelWidth - 8)}
          </text>
        );
      })}
      {cols.map((item, i) => {
        const focused = item.id === focus;
        const x = cx(i);
        const y = top - 6;
        return rotateCols ? (
          <text key={item.id} x={x} y={y} dy={3} textAnchor="start" transform={`rotate(-90, ${x}, ${y})`} fontSize={cellWidth < 13 ? 9 : 10.5} fontWeight={focused ? 700 : 400} fill={focused ? '#0b4f71' : '#3b4654'}>
            <title>{item.title}</title>
            {fitText(item.label, colLabelHeight - 10)}
          </text>
        ) : (
          <text key={item.id} x={x} y={y} textAnchor="middle" fontSize={11} fill="#3b4654">
            <title>{item.title}</title>
            {fit(item.label, cellWidth)}
          </text>
        );
      })}
      {boundaries(rows).map((i) => (
        <line key={`r${i}`} x1={left} x2={left + plotWidth} y1={top + i * cellHeight} y2={top + i * cellHeight} stroke="#7d8794" strokeWidth={1} />
      ))}
      {boundaries(cols).map((i) => (
        <line key={`c${i}`} x1={left + i * cellWidth} x2={left + i * cellWidth} y1={top} y2={top + rows.length * cellHeight} stroke="#7d8794" strokeWidth={1} />
      ))}
    </g>
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
