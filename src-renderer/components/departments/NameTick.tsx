/**
 * A department name as a one-line axis tick: cut to the axis width (Recharts
 * would wrap it onto lines that overlap their neighbours), bold when
 * focused, clickable to focus; the full name and id in its <title>.
 */
import type { DepartmentInfo } from './model';

/** Approximate width at 11 px: Hangul ≈ 11 px, Latin ≈ 5.9 px a character. */
export const textWidth11 = (s: string): number => [...s].reduce((w, ch) => w + (/[\u3131-\uD79D]/.test(ch) ? 11 : 5.9), 0);

export function fitText(s: string, width: number): string {
  if (textWidth11(s) <= width) return s;
  const chars = [...s];
  while (chars.length > 1 && textWidth11(`${chars.join('')}…`) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/** The axis width that fits the longest name up to `cap` pixels. */
export const nameAxisWidth = (ids: string[], names: Map<string, DepartmentInfo>, cap: number): number =>
  Math.min(cap, 12 + Math.max(40, ...ids.map((id) => textWidth11(names.get(id)?.name ?? id))));

export function nameTick(names: Map<string, DepartmentInfo>, width: number, focus: string | undefined, onFocus: (id: string) => void) {
  return function NameTick(p: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
    const id = String(p.payload?.value ?? '');
    const name = names.get(id)?.name ?? id;
    const focused = id === focus;
    return (
      <text x={Number(p.x) - 4} y={Number(p.y)} dy={4} textAnchor="end" fontSize={11} fontWeight={focused ? 700 : 400} fill={focused ? '#0b4f71' : '#3b4654'} style={{ cursor: 'pointer' }} onClick={() => onFocus(id)}>
        <title>{`${id} · ${name}`}</title>
        {fitText(name, width - 10)}
      </text>
    );
  };
}
