/**
 * The scope of the Departments metrics (SPEC.md "Metrics"), as named SQL parts
 * shared by departmentMetrics, collaboration and advisorEffect.
 *
 * - Events in scope (`se`): `occurred_on` in [from, to] (inclusive), channel and
 *   program filters. A missing bound is open.
 * - A participation's department is `participations.department_id`, or
 *   `employees.department_id` when that is null. Participations whose department
 *   stays unknown count for no department.
 * - Department and bureau filters choose which departments are rows (`rd`); they
 *   never hide participants of an event, so "has a participant from another
 *   department" (cross_share, the collaboration matrix, the totals) always looks
 *   at every participant of the event.
 * - The departments listed are the `departments` table, plus any department id
 *   used by employees or by in-scope participations (shown without name).
 *
 * The SQL reads the derived tables of derived.ts (d_event_departments,
 * d_staff, d_employee_keys), which hold exactly these rules precomputed, and
 * their monthly rollups: a window [from, to] is split into the calendar months
 * wholly inside it (read from d_month_*) and the days of the partial months at
 * its ends (read from the fact tables), see splitWindow. Sums add up across the
 * two; distinct counts only where the rollup has the grain (d_month_staff).
 */
import { listValue, LIST, VARCHAR, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { SotongError } from '../common/result';
import type { Scope } from '../common/scope';
import { planRange, type Unit } from './dateRange';

/** Open bounds of the date window, as dates DuckDB compares like any other. */
export const OPEN_FROM = '0001-01-01';
export const OPEN_TO = '9999-12-31';

export type Params = Record<string, DuckDBValue>;
type Row = Record<string, unknown>;

export interface ResolvedScope {
  from: string;
  to: string;
  /** Whether the window was given (for notes). */
  bounded: boolean;
  /** False when the employees table is empty: headcount falls back to staff seen in the department's participations. */
  hasEmployees: boolean;
  /** A channel filter is set. */
  hasChannels: boolean;
  /** A program filter is set (staff rows then keep only the events of those programs). */
  hasPrograms: boolean;
  /** A department or bureau filter is set: not every department is a row. */
  hasRowFilter: boolean;
  /** How the window reads: whole months from the rollups, end days from the fact tables. */
  window: WindowSplit;
  /** The same by whole years (d_year_staff). */
  years: WindowSplit;
  params: Params;
}

/**
 * A date window split for the monthly (or yearly) rollups: `months` = the first
 * days of the first and last calendar months (years) wholly inside the window
 * (null when there is none), `edges` = the day ranges of the window outside
 * them (at most two; the whole window when `months` is null). Dates are ISO
 * `YYYY-MM-DD`.
 */
export interface WindowSplit {
  months: { from: string; to: string } | null;
  edges: { from: string; to: string }[];
}

/**
 * Splits [from, to] (inclusive, from ≤ to) into whole calendar months (or
 * years) and end days: planRange (dateRange.ts) with no cut inside. With
 * `rollups` false, everything is end days (the fact tables alone: the
 * reference the tests compare the rollup path with).
 */
export function splitWindow(from: string, to: string, rollups = true, unit: Unit = 'month'): WindowSplit {
  const plan = planRange(from, to, [], unit, rollups);
  return { months: plan.whole && { from: plan.whole.from, to: plan.whole.to }, edges: plan.days };
}

const LIST_TYPES: Record<string, DuckDBType> = {
  departments: LIST(VARCHAR),
  bureaus: LIST(VARCHAR),
  channels: LIST(VARCHAR),
  programs: LIST(VARCHAR),
};

/** Binds only the named parameters the statement uses (DuckDB refuses unknown names). */
export function used(sql: string, params: Params): { values: Params; types: Record<string, DuckDBType> } {
  const values: Params = {};
  const types: Record<string, DuckDBType> = {};
  for (const [k, v] of Object.entries(params)) {
    if (!new RegExp(`\\$${k}\\b`).test(sql)) continue;
    values[k] = v;
    const t = LIST_TYPES[k];
    if (t) types[k] = t;
  }
  return { values, types };
}

export async function rows(conn: DuckDBConnection, sql: string, params: Params = {}): Promise<Row[]> {
  const { values, types } = used(sql, params);
  return (await conn.runAndReadAll(sql, values, types)).getRowObjectsJS() as Row[];
}

export async function stream(conn: DuckDBConnection, sql: string, params: Params) {
  const { values, types } = used(sql, params);
  return conn.stream(sql, values, types);
}

/**
 * What a scope is checked against: whether the employees table has rows, and
 * the department ids and bureaus the workspace knows (the departments table,
 * employees' departments, and those of participations: every department with
 * a row in the rollups).
 */
export interface ScopeFacts {
  hasEmployees: boolean;
  departments: ReadonlySet<string>;
  bureaus: ReadonlySet<string>;
}

export async function readScopeFacts(conn: DuckDBConnection): Promise<ScopeFacts> {
  const [r] = await rows(
    conn,
    `SELECT EXISTS (SELECT 1 FROM employees) AS has_employees,
       (SELECT list(department_id) FROM (SELECT department_id FROM departments
                                         UNION SELECT department_id FROM employees WHERE department_id IS NOT NULL
                                         UNION SELECT DISTINCT department_id FROM d_month_departments)) AS departments,
       (SELECT list(DISTINCT bureau) FROM departments WHERE bureau IS NOT NULL) AS bureaus`,
  );
  return {
    hasEmployees: r?.has_employees === true,
    departments: new Set((r?.departments as string[] | null) ?? []),
    bureaus: new Set((r?.bureaus as string[] | null) ?? []),
  };
}

/**
 * ScopeFacts read once per state of the data (`version`: the workspace's
 * dataVersion, which every write and every change of the read view bumps),
 * so that a screen's calls do not each query them.
 */
export class ScopeFactsCache {
  private hit: { version: number; facts: Promise<ScopeFacts> } | undefined;

  constructor(private readonly version: () => number) {}

  /** Call on the connection the metrics then run on (the read lane, or its view). */
  get(conn: DuckDBConnection): Promise<ScopeFacts> {
    const version = this.version();
    if (this.hit?.version === version) return this.hit.facts;
    const facts = readScopeFacts(conn);
    const hit = { version, facts };
    this.hit = hit;
    facts.catch(() => {
      if (this.hit === hit) this.hit = undefined;
    });
    return facts;
  }
}

/**
 * Checks the filters against the workspace (unknown department id or bureau:
 * VALIDATION naming the field; unknown channels are refused by the schema) and
 * returns the query parameters. `facts` default to reading them now.
 */
export async function resolveScope(conn: DuckDBConnection, scope: Scope | undefined, facts?: ScopeFacts): Promise<ResolvedScope> {
  const s = scope ?? {};
  const known = facts ?? (await readScopeFacts(conn));
  const unknown = (values: readonly string[] | undefined, set: ReadonlySet<string>) => [...new Set(values ?? [])].filter((x) => !set.has(x)).sort();
  const unknownDepartments = unknown(s.departments, known.departments);
  if (unknownDepartments.length) {
    throw new SotongError('VALIDATION', `scope.departments: unknown department id ${unknownDepartments.map((d) => `"${d}"`).join(', ')}`, {
      field: 'scope.departments',
      unknown: unknownDepartments,
    });
  }
  const unknownBureaus = unknown(s.bureaus, known.bureaus);
  if (unknownBureaus.length) {
    throw new SotongError('VALIDATION', `scope.bureaus: unknown bureau ${unknownBureaus.map((b) => `"${b}"`).join(', ')}`, {
      field: 'scope.bureaus',
      unknown: unknownBureaus,
    });
  }
  return scopeParams(s, known.hasEmployees);
}

/**
 * The resolved scope without the checks against the workspace (the checks are
 * resolveScope's; the benchmarks use this to run the SQL bare).
 */
export function scopeParams(scope: Scope | undefined, hasEmployees: boolean, options: { rollups?: boolean } = {}): ResolvedScope {
  const s = scope ?? {};
  const from = s.from ?? OPEN_FROM;
  const to = s.to ?? OPEN_TO;
  if (from > to) throw new SotongError('VALIDATION', '"from" must not be after "to"', { field: 'scope.from' });
  const window = splitWindow(from, to, options.rollups ?? true);
  const years = splitWindow(from, to, options.rollups ?? true, 'year');
  const params: Params = {
    from,
    to,
    departments: listValue(s.departments ?? []),
    bureaus: listValue(s.bureaus ?? []),
    channels: listValue(s.channels ?? []),
    programs: listValue(s.programs ?? []),
  };
  if (window.months) Object.assign(params, { month_from: window.months.from, month_to: window.months.to });
  window.edges.forEach((e, i) => Object.assign(params, { [`edge${i}_from`]: e.from, [`edge${i}_to`]: e.to }));
  if (years.months) Object.assign(params, { year_from: years.months.from, year_to: years.months.to });
  years.edges.forEach((e, i) => Object.assign(params, { [`year_edge${i}_from`]: e.from, [`year_edge${i}_to`]: e.to }));
  return { from, to, bounded: s.from !== undefined || s.to !== undefined, hasEmployees,
    hasChannels: (s.channels?.length ?? 0) > 0,
    hasPrograms: (s.programs?.length ?? 0) > 0,
    hasRowFilter: (s.departments?.length ?? 0) > 0 || (s.bureaus?.length ?? 0) > 0,
    window,
    years,
    params,
  };
}

/**
 * `ed`: one row per (event, department) in scope — the core of most metrics —
 * from d_event_departments: the department's hours on the event, its
 * participation rows (staff_rows naming an employee, department_rows without),
 * the event's attributes, and per event n_departments (departments on the
 * event: cross-department when > 1) and n_rows (its rows with a department).
 * NOT MATERIALIZED: each reference scans the sorted table with its own filters
 * (DuckDB would otherwise materialise millions of rows for a CTE used twice).
 */
export function eventDepartments(rs: ResolvedScope): string {
  return `ed AS NOT MATERIALIZED (
  SELECT event_key, department_id, occurred_on, month, channel, program, spectrum, citizens_reached,
         hours, staff_rows, department_rows, n_departments, n_rows, event_row
  FROM d_event_departments
  WHERE department_id IS NOT NULL
    AND occurred_on BETWEEN $from::DATE AND $to::DATE${channelFilter(rs)}${rs.hasPrograms ? '\n    AND list_contains($programs, program)' : ''})`;
}

/** The filters of a rollup or fact table with `channel` and `program` columns. */
const channelProgramFilter = (rs: ResolvedScope): string =>
  `${channelFilter(rs)}${rs.hasPrograms ? '\n    AND list_contains($programs, program)' : ''}`;

/** The end-day ranges of the window as `occurred_on` predicates, one per edge. */
const edgeRanges = (rs: ResolvedScope): string[] =>
  rs.window.edges.map((_, i) => `occurred_on BETWEEN $edge${i}_from::DATE AND $edge${i}_to::DATE`);

/**
 * `edm`: the additive sums of `ed`, per (month, department, channel, program,
 * spectrum): whole months from d_month_departments, end days from
 * d_event_departments rows (one row each, with the same columns). Sum its
 * columns to get what counting and summing `ed` rows gives: events ((event,
 * department) pairs), hours, citizens_reached, cross_events, staff_rows,
 * department_rows, internal_ties, external_ties, and first_events /
 * first_citizens / first_cross (each event once, over all its departments).
 */
export function eventDepartmentMonths(rs: ResolvedScope): string {
  const cols = 'month, department_id, channel, program, spectrum';
  const parts: string[] = [];
  if (rs.window.months) {
    parts.push(`SELECT ${cols}, events, hours, citizens_reached, cross_events, staff_rows, department_rows,
         internal_ties, external_ties, first_events, first_citizens, first_cross
  FROM d_month_departments
  WHERE month BETWEEN $month_from::DATE AND $month_to::DATE${channelProgramFilter(rs)}`);
  }
  for (const range of edgeRanges(rs)) {
    parts.push(`SELECT ${cols}, 1 AS events, hours, citizens_reached, (n_departments > 1)::INTEGER AS cross_events,
         staff_rows, department_rows, (staff_rows + department_rows) * (staff_rows + department_rows - 1) // 2 AS internal_ties,
         (staff_rows + department_rows) * (n_rows - staff_rows - department_rows) AS external_ties,
         event_row::INTEGER AS first_events, CASE WHEN event_row THEN citizens_reached ELSE 0 END AS first_citizens,
         (event_row AND n_departments > 1)::INTEGER AS first_cross
  FROM d_event_departments
  WHERE department_id IS NOT NULL AND ${range}${channelProgramFilter(rs)}`);
  }
  return `edm AS NOT MATERIALIZED (
  ${parts.join('\n  UNION ALL\n  ')})`;
}

/**
 * `pm`: C[d1, d2] per (department_id, partner_id, events) over the window:
 * whole months from d_month_pairs, end days from the self-join of the
 * cross-department `ed` rows there. Both orders; non-zero cells only.
 */
export function pairMonths(rs: ResolvedScope): string {
  const parts: string[] = [];
  if (rs.window.months) {
    parts.push(`SELECT department_id, partner_id, events FROM d_month_pairs
  WHERE month BETWEEN $month_from::DATE AND $month_to::DATE${channelProgramFilter(rs)}`);
  }
  const edges = edgeRanges(rs);
  if (edges.length) {
    parts.push(`SELECT a.department_id, b.department_id AS partner_id, 1 AS events
  FROM ex a JOIN ex b ON a.event_key = b.event_key AND a.department_id <> b.department_id`);
  }
  const ex = edges.length
    ? `ex AS (SELECT event_key, department_id FROM d_event_departments
  WHERE n_departments > 1 AND department_id IS NOT NULL AND (${edges.join(' OR ')})${channelProgramFilter(rs)}),\n`
    : '';
  return `${ex}pm AS (
  SELECT department_id, partner_id, sum(events) AS events FROM (
  ${parts.join('\n  UNION ALL\n  ')}) GROUP BY ALL)`;
}

/**
 * `sm`: engaged staff per month and `key` (department_id or channel): distinct
 * named employees with a participation in scope that month. From d_month_staff
 * for whole months when its grain answers exactly (no program filter; per
 * department without a channel filter; per channel without a department or
 * bureau filter), else, and for the end days, from d_staff.
 */
export function staffMonths(rs: ResolvedScope, key: 'department_id' | 'channel'): string {
  const byDepartment = key === 'department_id';
  const fromRollup = rs.window.months !== null && !rs.hasPrograms && (byDepartment ? !rs.hasChannels : !rs.hasRowFilter);
  const rows = rs.hasRowFilter ? ' AND department_id IN (SELECT department_id FROM rd)' : '';
  const scan = (range: string) => `SELECT date_trunc('month', occurred_on)::DATE AS month, ${key}, count(DISTINCT employee_key) AS engaged_staff
  FROM sp WHERE employee_key IS NOT NULL AND ${range}${rows} GROUP BY ALL`;
  const parts = fromRollup
    ? [
        `SELECT month, ${key}, engaged AS engaged_staff FROM d_month_staff
  WHERE grain = ${byDepartment ? 1 : 2} AND month BETWEEN $month_from::DATE AND $month_to::DATE${
    byDepartment ? rows : rs.hasChannels ? ' AND list_contains($channels, channel)' : ''}`,
        ...edgeRanges(rs).map(scan),
      ]
    : [scan('true')];
  return `sm AS (
  ${parts.join('\n  UNION ALL\n  ')})`;
}

/** Only the filters that are set appear in the SQL (a per-row test of an empty list costs on millions of rows). */
const channelFilter = (rs: ResolvedScope): string => (rs.hasChannels ? '\n    AND list_contains($channels, channel)' : '');

/**
 * `sp`: participations of in-scope events that have a department, with their
 * integer employee_key (NULL for department-level logs), hours, date and channel.
 */
export function scopedParticipations(rs: ResolvedScope): string {
  return `sp AS NOT MATERIALIZED (
  SELECT event_key, employee_key, department_id, hours, occurred_on, channel
  FROM d_staff
  WHERE department_id IS NOT NULL
    AND occurred_on BETWEEN $from::DATE AND $to::DATE${channelFilter(rs)}${rs.hasPrograms ? '\n    AND event_key IN (SELECT event_key FROM ed)' : ''})`;
}

/** `rd`: the departments that are rows, with name and bureau. */
export const ROW_DEPARTMENTS = `dept_ids AS (
  SELECT department_id FROM departments
  UNION SELECT department_id FROM employees WHERE department_id IS NOT NULL
  UNION SELECT DISTINCT department_id FROM edm),
rd AS (
  SELECT i.department_id, d.name, d.name_en, d.bureau, d.advisor_since
  FROM dept_ids i LEFT JOIN (SELECT DISTINCT ON (department_id) * FROM departments) d USING (department_id)
  WHERE (len($departments) = 0 OR list_contains($departments, i.department_id))
    AND (len($bureaus) = 0 OR list_contains($bureaus, d.bureau)))`;

/**
 * `hcm`: headcount membership, one row per (department, member) counted in
 * headcount(d), with `engaged` = the employee has ≥ 1 participation in scope.
 * SPEC: employees of d employed at any time in the window (hired_on ≤ to and
 * (left_on null or ≥ from); a null hired_on counts as hired). Without an
 * employees table: distinct employees seen in d's participations in the date
 * window (channel and program filters do not change who works there).
 * Department-level logs (employee_id null) never enter it. `member` identifies
 * the employee (employee_id, or employee_key without an employees table).
 */
export function headcountMembers(rs: ResolvedScope): string {
  if (rs.hasEmployees) {
    // Engaged in the window: from d_year_staff for its whole years when no channel or program filter
    // narrows the participations, plus the end days from d_staff.
    const byYears = rs.years.months !== null && !rs.hasChannels && !rs.hasPrograms;
    const active = byYears
      ? `active AS (SELECT DISTINCT employee_key FROM (
  SELECT employee_key FROM d_year_staff WHERE year BETWEEN $year_from::DATE AND $year_to::DATE${rs.years.edges
    .map((_, i) => `
  UNION ALL
  SELECT employee_key FROM d_staff WHERE employee_key IS NOT NULL AND department_id IS NOT NULL
    AND occurred_on BETWEEN $year_edge${i}_from::DATE AND $year_edge${i}_to::DATE`)
    .join('')})),`
      : 'active AS (SELECT DISTINCT employee_key FROM sp WHERE employee_key IS NOT NULL),';
    return `${active}
hcm AS (
  SELECT e.department_id, e.employee_id AS member, a.employee_key IS NOT NULL AS engaged
  FROM employees e
  LEFT JOIN d_employee_keys k ON k.employee_id = e.employee_id
  LEFT JOIN active a ON a.employee_key = k.employee_key
  WHERE e.department_id IS NOT NULL
    AND (e.hired_on IS NULL OR e.hired_on <= $to::DATE)
    AND (e.left_on IS NULL OR e.left_on >= $from::DATE))`;
  }
  return `seen AS (
  SELECT DISTINCT department_id, employee_key FROM d_staff
  WHERE employee_key IS NOT NULL AND department_id IS NOT NULL
    AND occurred_on BETWEEN $from::DATE AND $to::DATE),
active AS (SELECT DISTINCT department_id, employee_key FROM sp WHERE employee_key IS NOT NULL),
hcm AS (
  SELECT s.department_id, s.employee_key AS member, a.employee_key IS NOT NULL AS engaged
  FROM seen s LEFT JOIN active a USING (department_id, employee_key))`;
}

/** The WITH clause every Departments query starts from. */
export function scopeWith(rs: ResolvedScope, ...parts: string[]): string {
  return `WITH ${[eventDepartments(rs), eventDepartmentMonths(rs), scopedParticipations(rs), ROW_DEPARTMENTS, ...parts].join(',\n')}`;
}

/** Note attached to `headcount` when the employees table is empty. */
export const HEADCOUNT_FALLBACK_NOTE =
  'no employees table: headcount is the number of distinct employees seen in the department’s participations in the date window';
