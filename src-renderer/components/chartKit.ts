/** Small pieces the hand-drawn SVG charts (heatmaps, ranked bars) share. */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Width of an element, kept up to date (charts that draw their own cells need it); `fixed` for print layouts. */
export function useWidth<T extends HTMLElement>(fixed?: number): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fixed ?? 0);
  useLayoutEffect(() => {
    if (fixed !== undefined) return setWidth(fixed);
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth(Math.floor(w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [fixed]);
  return [ref, width];
}

/** Departments ordered by bureau (bureaus in the order of their first department id), then by id. */
export function orderByBureau(ids: string[], names: Map<string, { bureau: string | null }>): string[] {
  const first = new Map<string, string>();
  for (const id of [...ids].sort()) {
    const b = names.get(id)?.bureau ?? '\uffff';
    if (!first.has(b)) first.set(b, id);
  }
  const rank = (id: string) => first.get(names.get(id)?.bureau ?? '\uffff') ?? id;
  return [...ids].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/** Sequential colour from pale to deep blue; sqrt so that small counts stay visible next to large ones. */
export function heat(value: number, max: number): string {
  const t = max > 0 ? Math.sqrt(Math.max(0, Math.min(1, value / max))) : 0;
  const a = [238, 244, 248];
  const b = [8, 68, 107];
  const c = a.map((x, i) => Math.round(x + (b[i]! - x) * t));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
