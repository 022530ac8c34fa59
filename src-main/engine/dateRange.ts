/**
 * Dates as ISO strings (YYYY-MM-DD; string order is date order), and how a
 * date range is read through the monthly and yearly rollups of derived.ts:
 * whole calendar units from a rollup, the other days from the fact tables.
 * Shared by the Departments scope (departmentScope.ts) and Continuity.
 */

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const ymd = (iso: string): [number, number, number] => iso.split('-').map(Number) as [number, number, number];
/** Days in month m of year y (proleptic Gregorian, any year 1–9999: no Date, which maps years 0–99 to 1900–1999). */
const daysIn = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
/** The first day of the month `i` months after January of year 0. */
const monthIndexStart = (i: number): string => `${pad(Math.floor(i / 12), 4)}-${pad((i % 12) + 1)}-01`;

export const monthOf = (d: string): string => `${d.slice(0, 7)}-01`;

/**
 * `d` plus `k` months (k may be negative), the day clamped to the end of the
 * month as DuckDB's `date + to_months(k)` does: 2020-03-31 − 1 month = 2020-02-29.
 */
export function addMonths(d: string, k: number): string {
  const [y, m, day] = ymd(d);
  const i = y * 12 + (m - 1) + k;
  const ny = Math.floor(i / 12);
  const nm = i - ny * 12 + 1;
  return `${pad(ny, 4)}-${pad(nm)}-${pad(Math.min(day, daysIn(ny, nm)))}`;
}

export function dayBefore(d: string): string {
  const [y, m, day] = ymd(d);
  if (day > 1) return `${pad(y, 4)}-${pad(m)}-${pad(day - 1)}`;
  const prev = monthIndexStart(y * 12 + m - 2);
  return `${prev.slice(0, 8)}${pad(daysIn(...(ymd(prev).slice(0, 2) as [number, number])))}`;
}

export function dayAfter(d: string): string {
  const [y, m, day] = ymd(d);
  return day < daysIn(y, m) ? `${pad(y, 4)}-${pad(m)}-${pad(day + 1)}` : monthIndexStart(y * 12 + m);
}

export type Unit = 'month' | 'year';
const unitStart = (d: string, u: Unit): string => (u === 'month' ? monthOf(d) : `${d.slice(0, 4)}-01-01`);
export const unitEnd = (start: string, u: Unit): string => {
  const [y, m] = ymd(start);
  return u === 'month' ? `${pad(y, 4)}-${pad(m)}-${pad(daysIn(y, m))}` : `${pad(y, 4)}-12-31`;
};
const nextUnit = (start: string, u: Unit): string => addMonths(start, u === 'month' ? 1 : 12);
const prevUnit = (start: string, u: Unit): string => addMonths(start, u === 'month' ? -1 : -12);

/**
 * How a date range [from, to] is read: the calendar months (years) in it that
 * no cut splits come whole from a rollup, as rows dated on their first day;
 * the days of the other units come from the fact tables. A cut is a date on
 * which something the query tells apart changes (a boundary, the start of a
 * window or span, the day after its end), so every day of a unit read whole
 * falls on the same side of every cut as its first day, and the query gives
 * what the fact tables alone give. The range's own ends are cuts.
 */
export interface RangePlan {
  /** First days of the first and last unit read whole, and the last day of the latter; null when none is. */
  whole: { from: string; to: string; end: string } | null;
  /** First days of units between whole.from and whole.to read by day instead. */
  split: string[];
  /** Day ranges read from the fact tables, in order, inside [from, to]. */
  days: { from: string; to: string }[];
}

/** With `rollups` false, the whole range is read by day (the reference the tests compare the rollup path with). */
export function planRange(from: string, to: string, cuts: string[], unit: Unit, rollups = true): RangePlan {
  if (from > to) return { whole: null, split: [], days: [] };
  const first = unitStart(from, unit);
  const last = unitStart(to, unit);
  const split = new Set<string>();
  if (from !== first) split.add(first);
  if (to !== unitEnd(last, unit)) split.add(last);
  for (const c of cuts) if (c > from && c <= to && c !== unitStart(c, unit)) split.add(unitStart(c, unit));
  let wf = first;
  while (wf <= last && split.has(wf)) wf = nextUnit(wf, unit);
  let wt = last;
  while (wt >= wf && split.has(wt)) wt = prevUnit(wt, unit);
  if (!rollups || wf > wt) return { whole: null, split: [], days: [{ from, to }] };
  const days: { from: string; to: string }[] = [];
  for (const u of [...split].sort()) {
    const range = { from: u < from ? from : u, to: unitEnd(u, unit) > to ? to : unitEnd(u, unit) };
    const prev = days[days.length - 1];
    if (prev && dayAfter(prev.to) === range.from) prev.to = range.to;
    else days.push(range);
  }
  return { whole: { from: wf, to: wt, end: unitEnd(wt, unit) }, split: [...split].filter((u) => u > wf && u < wt).sort(), days };
}
