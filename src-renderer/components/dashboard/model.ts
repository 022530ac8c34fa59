/**
 * The dashboard's data (issue 7): one calendar year (whole years, as the
 * Leadership profile requires), loaded at once when the year or the profile
 * changes. Everything here is an aggregate the engine returned, already
 * suppressed in the Leadership profile; the dashboard never recomputes a
 * value from smaller groups.
 */
import { useEffect, useState } from 'react';
import type { Catalog } from '../../../src-main/common/api';
import type { ContinuityResult } from '../../../src-main/common/continuityApi';
import type { DepartmentTotals } from '../../../src-main/common/departmentsApi';
import { DEFAULT_ENGAGEMENT_WEIGHT } from '../../../src-main/common/evaluationApi';
import type { ProfileState } from '../../../src-main/common/privacyApi';
import type { Scope } from '../../../src-main/common/scope';
import { call, decodeTable, type DecodedTable, type Row } from '../../api/client';

/** Years drawn in a KPI sparkline (the chosen year and the ones before it, within the data). */
export const SPARK_YEARS = 8;
/** At most this many departments are drawn in a chart (the rest is said, not drawn). */
export const MAX_DEPARTMENTS = 60;
/** The evaluation setup of the dashboard: SPEC defaults (w = 0.4, default component weights, peers by grade). */
export const EVALUATION_WEIGHT = DEFAULT_ENGAGEMENT_WEIGHT;

export const yearScope = (year: number): Scope => ({ from: `${year}-01-01`, to: `${year}-12-31` });
export const yearParams = (year: number): Record<string, string> => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/** The calendar years that have data, newest first. */
export function yearsWithData(span: Catalog['span'] | undefined): number[] {
  if (!span?.from || !span.to) return [];
  const first = Number(span.from.slice(0, 4));
  const last = Number(span.to.slice(0, 4));
  return Array.from({ length: last - first + 1 }, (_, i) => last - i);
}

/** The last complete calendar year with data: the last year when the data reaches 31 December, else the one before. */
export function defaultYear(span: Catalog['span'] | undefined): number | undefined {
  const years = yearsWithData(span);
  if (!years.length || !span?.to) return undefined;
  const last = years[0]!;
  const complete = span.to.endsWith('-12-31') ? last : last - 1;
  return years.includes(complete) ? complete : last;
}

export interface Boundary {
  before: string;
  after: string;
  /** B's starts_on, YYYY-MM-DD. */
  boundary: string;
  beforeName: string;
  afterName: string;
}

/** The latest change of administration with data on both sides (first event before it, last event on or after it). */
export function latestBoundary(catalog: Catalog | undefined): Boundary | undefined {
  const span = catalog?.span;
  if (!catalog || !span?.from || !span.to) return undefined;
  const admins = [...catalog.administrations].sort((a, b) => (a.starts_on < b.starts_on ? -1 : 1));
  for (let i = admins.length - 1; i > 0; i--) {
    const a = admins[i - 1]!;
    const b = admins[i]!;
    if (span.from < b.starts_on && b.starts_on <= span.to) {
      return { before: a.administration_id, after: b.administration_id, boundary: b.starts_on, beforeName: a.head ?? a.name ?? a.administration_id, afterName: b.head ?? b.name ?? b.administration_id };
    }
  }
  return undefined;
}

/**
 * Programs active in a year, from the program timeline: programs whose first
 * event is on or before 31 December and whose last event is on or after
 * 1 January of the year. Suppressed programs (fewer than k staff over all
 * their events) have no dates and are not counted; `suppressed` says how many.
 */
export function programsActive(timeline: DecodedTable | undefined, year: number): { count: number; suppressed: number } | undefined {
  if (!timeline) return undefined;
  let count = 0;
  let suppressed = 0;
  for (const r of timeline.rows) {
    if (r.suppressed === true || typeof r.first_month !== 'string' || typeof r.last_month !== 'string') {
      suppressed++;
      continue;
    }
    if (r.first_month <= `${year}-12-31` && r.last_month >= `${year}-01-01`) count++;
  }
  return { count, suppressed };
}

export interface Section<T> {
  value?: T;
  /** The engine's message when the section could not be computed. */
  error?: string;
}

export interface EvaluationPicture {
  /** The period shown: the chosen year, or the latest evaluated period before it. */
  period: string;
  table: DecodedTable;
}

export interface DashboardData {
  year: number;
  /** departmentTotals per year (the chosen year, the year before, and the sparkline's years). */
  totals: Map<number, DepartmentTotals>;
  /** Why the chosen year's totals failed, if they did. */
  totalsError?: string;
  table: Section<DecodedTable>;
  collab: Section<DecodedTable>;
  programs: Section<DecodedTable>;
  boundary?: Boundary;
  continuity: Section<ContinuityResult>;
  /** undefined value with no error: no evaluated period up to the year. */
  evaluation: Section<EvaluationPicture>;
  /** The periods with evaluations (to say which one is shown). */
  evaluationPeriods: string[];
}

type Reply<T> = { ok: true; value: T } | { ok: false; error: { message: string } };

const section = <T, U = T>(r: Reply<T>, map: (v: T) => U = (v) => v as unknown as U): Section<U> => (r.ok ? { value: map(r.value) } : { error: r.error.message });

/** All of the dashboard's queries for a year, in parallel. */
export async function loadDashboard(year: number, catalog: Catalog): Promise<DashboardData> {
  const first = yearsWithData(catalog.span).at(-1) ?? year;
  const years = Array.from({ length: SPARK_YEARS }, (_, i) => year - SPARK_YEARS + 1 + i).filter((y) => y >= first || y === year - 1);
  const boundary = latestBoundary(catalog);
  const scope = yearScope(year);
  const [totals, table, collab, programs, continuity, periods] = await Promise.all([
    Promise.all(years.map((y) => (y < first ? Promise.resolve(undefined) : call('departmentTotals', { scope: yearScope(y) })))),
    call('departmentTable', { scope }),
    call('collaborationMatrix', { scope }),
    call('programTimeline', {}),
    boundary ? call('continuity', { before: boundary.before, after: boundary.after }) : Promise.resolve(undefined),
    call('evaluationPeriods', {}),
  ]);
  const evaluationPeriods = periods.ok ? periods.value.periods.map((p) => p.period) : [];
  // The chosen year's evaluation, else the latest yearly period before it (half years are not shown here).
  const period = evaluationPeriods.filter((p) => /^\d{4}$/.test(p) && Number(p) <= year).sort().at(-1);
  let evaluation: Section<EvaluationPicture> = periods.ok ? {} : { error: periods.error.message };
  if (period) {
    const r = await call('evaluationDepartments', { period, weight: EVALUATION_WEIGHT });
    evaluation = section(r, (bytes) => ({ period, table: decodeTable(bytes) }));
  }
  const byYear = new Map<number, DepartmentTotals>();
  totals.forEach((r, i) => {
    if (r?.ok) byYear.set(years[i]!, r.value);
  });
  const yearTotals = totals[years.indexOf(year)];
  return {
    year,
    totals: byYear,
    totalsError: yearTotals && !yearTotals.ok ? yearTotals.error.message : undefined,
    table: section(table, decodeTable),
    collab: section(collab, decodeTable),
    programs: section(programs, decodeTable),
    boundary,
    continuity: continuity ? section(continuity) : {},
    evaluation,
    evaluationPeriods,
  };
}

/** The dashboard's data for a year; reloads when the year, the profile or the data change. */
export function useDashboard(year: number | undefined, catalog: Catalog | undefined, profile: ProfileState | undefined): { data?: DashboardData; loading: boolean } {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const on = () => setVersion((v) => v + 1);
    window.addEventListener('sotong:data-changed', on);
    return () => window.removeEventListener('sotong:data-changed', on);
  }, []);
  const key = year !== undefined && catalog && profile ? `${year}|${profile.profile}|${profile.k}|${version}` : undefined;
  const [state, setState] = useState<{ key?: string; data?: DashboardData }>({});
  useEffect(() => {
    if (!key || year === undefined || !catalog) return;
    let live = true;
    void loadDashboard(year, catalog).then((data) => {
      if (live) setState({ key, data });
    });
    return () => {
      live = false;
    };
  }, [key]);
  return { data: state.data, loading: state.key !== key };
}

/** A number from a row, or null (suppressed or missing values are null). */
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export const isSuppressed = (r: Row): boolean => r.suppressed === true;


/** Round axis maximum (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten), at least `max`. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

export const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, Math.max(1, n - 1))}…` : s);

/** Department names in the user's language (Korean `name`, English `name_en`) and bureaus, from the catalog. */
export function departmentNames(catalog: Catalog | undefined, lang: string): Map<string, { name: string; bureau: string | null }> {
  const m = new Map<string, { name: string; bureau: string | null }>();
  for (const d of catalog?.departments ?? []) {
    const name = (lang === 'ko' ? (d.name ?? d.name_en) : (d.name_en ?? d.name)) ?? d.department_id;
    m.set(d.department_id, { name, bureau: d.bureau });
  }
  return m;
}

export { heat, orderByBureau, useWidth } from '../chartKit';
