/**
 * Departments metrics (SPEC.md "Metrics → Departments"), for department d in scope:
 * headcount(d) = employees of d employed in the window; engaged_share(d) = those
 * with ≥ 1 participation in scope / headcount(d); hours_per_head(d) = hours of
 * d's participations / headcount(d); events(d) = distinct events with a
 * participant from d; citizens_reached(d) = sum over those events, each once;
 * cross_share(d) = share of events(d) with a participant from another department.
 *
 * Department-level logs (employee_id null) count for events, citizens_reached,
 * cross_share and hours (their hours belong to the department, so they are in
 * the hours_per_head numerator, and a note says so); they never count as staff:
 * a department without headcount gets null ratios and a reason in the notes.
 * Scope rules (date window, filters, whose participants count): departmentScope.ts.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ArrowBytes } from '../common/api';
import { ARROW_META_NOTES } from '../common/api';
import type { DepartmentTotals, SeriesBy } from '../common/departmentsApi';
import type { Scope } from '../common/scope';
import { resultToArrow } from './arrow';
import {
  HEADCOUNT_FALLBACK_NOTE, headcountMembers, resolveScope, type ScopeFacts, rows, scopeWith, staffMonths, stream, type Params, type ResolvedScope,
} from './departmentScope';

const DEPARTMENT_LEVEL_HOURS_NOTE = 'hours include department-level logs (rows without employee_id): their hours belong to the department';

/** `red`: the (event, department) pairs of the departments that are rows. */
const ROW_EVENT_DEPARTMENTS = 'red AS (SELECT * FROM ed SEMI JOIN rd USING (department_id))';

/** `redm`: the monthly sums (edm) of the departments that are rows (all of them without a department or bureau filter). */
const rowMonths = (rs: ResolvedScope) => `redm AS (SELECT * FROM edm${rs.hasRowFilter ? ' SEMI JOIN rd USING (department_id)' : ''})`;

async function arrow(conn: DuckDBConnection, sql: string, params: Params, notes: Record<string, string> = {}): Promise<ArrowBytes> {
  const metadata = Object.keys(notes).length ? { [ARROW_META_NOTES]: JSON.stringify(notes) } : undefined;
  return (await resultToArrow(await stream(conn, sql, params), { metadata })).bytes;
}

/** SQL of the per-department table (unsorted; departmentTable sorts by department_id). */
export function departmentTableSql(rs: ResolvedScope): string {
  return `${scopeWith(
    rs,
    headcountMembers(rs),
    `hc AS (SELECT department_id, count(*) AS headcount, count(*) FILTER (WHERE engaged) AS engaged FROM hcm GROUP BY department_id)`,
    `dm AS (
      SELECT department_id, sum(events) AS events, sum(citizens_reached) AS citizens_reached,
             sum(cross_events) AS cross_events,
             sum(hours) AS hours, sum(staff_rows) AS staff_rows, sum(department_rows) AS department_rows
      FROM edm GROUP BY department_id)`,
  )}
  SELECT rd.department_id, rd.name, rd.bureau,
         coalesce(hc.headcount, 0)::INTEGER AS headcount,
         (hc.engaged / nullif(hc.headcount, 0))::DOUBLE AS engaged_share,
         (coalesce(dm.hours, 0) / nullif(hc.headcount, 0))::DOUBLE AS hours_per_head,
         coalesce(dm.events, 0)::INTEGER AS events,
         coalesce(dm.citizens_reached, 0)::BIGINT AS citizens_reached,
         (dm.cross_events / nullif(dm.events, 0))::DOUBLE AS cross_share,
         rd.name_en,
         coalesce(dm.staff_rows, 0)::BIGINT AS staff_rows,
         coalesce(dm.department_rows, 0)::BIGINT AS department_rows
  FROM rd LEFT JOIN hc USING (department_id) LEFT JOIN dm USING (department_id)`;
}

/** The per-department table: one row per department in scope, sorted by department_id. */
export async function departmentTable(conn: DuckDBConnection, scope: Scope | undefined, facts?: ScopeFacts): Promise<ArrowBytes> {
  const rs = await resolveScope(conn, scope, facts);
  // One statement: the notes are computed from the rows read (a few hundred), whose
  // staff_rows and department_rows columns then stay out of the output.
  const metadata = (column: (name: string) => unknown[]): Record<string, string> => {
    const [ids, headcount, events, staffRows, departmentRows] = ['department_id', 'headcount', 'events', 'staff_rows', 'department_rows'].map(column) as unknown[][];
    const zero = ids!.flatMap((id, i) =>
      Number(headcount![i]) === 0 ? [{ department_id: id, events: events![i], staff_rows: staffRows![i], department_rows: departmentRows![i] }] : [],
    );
    const sumDepartmentRows = departmentRows!.reduce<number>((a, v) => a + Number(v ?? 0), 0);
    const noEvents = events!.filter((v) => Number(v) === 0).length;
    const notes = tableNotes(rs.hasEmployees, zero, sumDepartmentRows, noEvents);
    return Object.keys(notes).length ? { [ARROW_META_NOTES]: JSON.stringify(notes) } : {};
  };
  const result = await stream(conn, `${departmentTableSql(rs)}\n  ORDER BY rd.department_id`, rs.params);
  return (await resultToArrow(result, { metadata, omit: ['staff_rows', 'department_rows'] })).bytes;
}

/** Why ratios are null, per department, in words a reader of the table can act on. */
function tableNotes(hasEmployees: boolean, zero: Record<string, unknown>[], departmentRows: number, noEvents: number): Record<string, string> {
  const notes: Record<string, string> = {};
  if (!hasEmployees) notes.headcount = HEADCOUNT_FALLBACK_NOTE;
  if (zero.length) {
    const reasons = zero.map((r) => `${String(r.department_id)}: ${headcountZeroReason(hasEmployees, r)}`);
    const text = `null where headcount is 0 — ${reasons.join('; ')}`;
    notes.engaged_share = text;
    notes.hours_per_head = text;
  }
  if (departmentRows > 0) notes.hours_per_head = [notes.hours_per_head, DEPARTMENT_LEVEL_HOURS_NOTE].filter(Boolean).join('. ');
  if (noEvents > 0) notes.cross_share = 'null where the department has no event in scope';
  return notes;
}

function headcountZeroReason(hasEmployees: boolean, r: Record<string, unknown>): string {
  const staffRows = Number(r.staff_rows ?? 0);
  const departmentRows = Number(r.department_rows ?? 0);
  if (departmentRows > 0 && staffRows === 0) {
    return 'needs staff-level logs: its logs in scope name no employee (department-level logs only)';
  }
  if (!hasEmployees) return 'no employee seen in its participations in the window';
  return 'no employee of the department employed in the window (employees table)';
}

/** SQL of the KPI cards (one row). */
export function departmentTotalsSql(rs: ResolvedScope): string {
  return `${scopeWith(
    rs,
    headcountMembers(rs),
    rowMonths(rs),
    // Events with a participant from the row departments, each once. Without a department or
    // bureau filter every department is a row, and the monthly sums count each event once
    // (first_*); with one, the events are told apart by key.
    rs.hasRowFilter
      ? `${ROW_EVENT_DEPARTMENTS},
    rev AS (SELECT count(*) AS events, sum(citizens_reached) AS citizens_reached, count(*) FILTER (WHERE is_cross) AS cross_events
            FROM (SELECT any_value(citizens_reached) AS citizens_reached, any_value(n_departments) > 1 AS is_cross FROM red GROUP BY event_key))`
      : `rev AS (SELECT sum(first_events) AS events, sum(first_citizens) AS citizens_reached, sum(first_cross) AS cross_events FROM redm)`,
  )}
  SELECT
    (SELECT count(*) FROM rd)::INTEGER AS departments,
    (SELECT count(DISTINCT member) FROM hcm SEMI JOIN rd USING (department_id))::INTEGER AS headcount,
    (SELECT count(DISTINCT member) FILTER (WHERE engaged) FROM hcm SEMI JOIN rd USING (department_id))::INTEGER AS staff_engaged,
    (SELECT coalesce(sum(hours), 0) FROM redm)::DOUBLE AS hours,
    (SELECT coalesce(sum(department_rows), 0) FROM redm)::BIGINT AS department_rows,
    (SELECT coalesce(events, 0) FROM rev)::INTEGER AS events,
    (SELECT coalesce(citizens_reached, 0) FROM rev)::BIGINT AS citizens_reached,
    (SELECT coalesce(cross_events, 0) FROM rev)::INTEGER AS cross_events`;
}

/** KPI cards: the table's definitions at city level, over the departments that are rows. */
export async function departmentTotals(conn: DuckDBConnection, scope: Scope | undefined, facts?: ScopeFacts): Promise<DepartmentTotals> {
  const rs = await resolveScope(conn, scope, facts);
  const [r] = await rows(conn, departmentTotalsSql(rs), rs.params);
  const n = (k: string) => Number(r?.[k] ?? 0);
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  const notes: Record<string, string> = {};
  if (!rs.hasEmployees) notes.headcount = HEADCOUNT_FALLBACK_NOTE;
  if (n('headcount') === 0) {
    const why = n('department_rows') > 0 ? 'needs staff-level logs: the logs in scope name no employee' : 'no employee in the window';
    notes.engaged_share = `null: headcount is 0 (${why})`;
    notes.hours_per_head = notes.engaged_share;
  }
  if (n('department_rows') > 0) notes.hours = DEPARTMENT_LEVEL_HOURS_NOTE;
  if (n('events') === 0) notes.cross_share = 'null: no event in scope';
  return {
    departments: n('departments'),
    headcount: n('headcount'),
    staff_engaged: n('staff_engaged'),
    engaged_share: ratio(n('staff_engaged'), n('headcount')),
    hours: n('hours'),
    hours_per_head: ratio(n('hours'), n('headcount')),
    events: n('events'),
    citizens_reached: n('citizens_reached'),
    cross_share: ratio(n('cross_events'), n('events')),
    notes,
  };
}

/**
 * Monthly series per department or per channel, over the departments that are
 * rows: events (distinct events with a participant from them), hours (their
 * participations', department-level logs included) and engaged_staff (distinct
 * employees among those participations). Months without activity have no row.
 */
export async function departmentSeries(conn: DuckDBConnection, scope: Scope | undefined, by: SeriesBy, facts?: ScopeFacts): Promise<ArrowBytes> {
  const rs = await resolveScope(conn, scope, facts);
  return arrow(conn, departmentSeriesSql(rs, by), rs.params, seriesNotes(rs.hasEmployees));
}

/** SQL of the monthly series per department or per channel. */
export function departmentSeriesSql(rs: ResolvedScope, by: SeriesBy): string {
  const key = by === 'channel' ? 'channel' : 'department_id';
  // Per department, its events are its (event, department) pairs; per channel, an event counts
  // once over its departments: each event's first department (first_events) when every
  // department is a row, else told apart by key among the row departments.
  const em =
    key === 'department_id'
      ? `em AS (SELECT month, department_id, sum(events) AS events, sum(hours) AS hours FROM redm GROUP BY ALL)`
      : rs.hasRowFilter
        ? `${ROW_EVENT_DEPARTMENTS},
    em AS (SELECT month, channel, count(DISTINCT event_key) AS events, sum(hours) AS hours FROM red GROUP BY ALL)`
        : `em AS (SELECT month, channel, sum(first_events) AS events, sum(hours) AS hours FROM redm GROUP BY ALL)`;
  return `${scopeWith(rs, rowMonths(rs), em, staffMonths(rs, key))}
  SELECT month, ${key}, events::INTEGER AS events, hours::DOUBLE AS hours, coalesce(engaged_staff, 0)::INTEGER AS engaged_staff
  FROM em LEFT JOIN sm USING (month, ${key})
  ORDER BY month, ${key}`;
}

function seriesNotes(hasEmployees: boolean): Record<string, string> {
  const notes: Record<string, string> = {
    hours: DEPARTMENT_LEVEL_HOURS_NOTE,
    engaged_staff: 'distinct employees with a participation that month; department-level logs are not staff and are not counted',
  };
  if (!hasEmployees) notes.engaged_staff += ' (no employees table: employees as named in the logs)';
  return notes;
}

/** Department × channel: events and hours of each department in each channel (cells with activity only). */
export async function departmentChannelMatrix(conn: DuckDBConnection, scope: Scope | undefined, facts?: ScopeFacts): Promise<ArrowBytes> {
  const rs = await resolveScope(conn, scope, facts);
  return arrow(conn, departmentChannelMatrixSql(rs), rs.params, { hours: DEPARTMENT_LEVEL_HOURS_NOTE });
}

export function departmentChannelMatrixSql(rs: ResolvedScope): string {
  return `${scopeWith(rs, rowMonths(rs))}
  SELECT department_id, channel, sum(events)::INTEGER AS events, sum(hours)::DOUBLE AS hours
  FROM redm GROUP BY department_id, channel ORDER BY department_id, channel`;
}

/** Depth profile: events of each department per IAP2 spectrum level (inform → empower; null = not recorded, last). */
export async function depthProfile(conn: DuckDBConnection, scope: Scope | undefined, facts?: ScopeFacts): Promise<ArrowBytes> {
  const rs = await resolveScope(conn, scope, facts);
  return arrow(conn, depthProfileSql(rs), rs.params, { spectrum: 'null: the event has no IAP2 spectrum level recorded' });
}

export function depthProfileSql(rs: ResolvedScope): string {
  return `${scopeWith(rs, rowMonths(rs))}
  SELECT department_id, spectrum, sum(events)::INTEGER AS events
  FROM redm GROUP BY department_id, spectrum
  ORDER BY department_id, list_position(['inform', 'consult', 'involve', 'collaborate', 'empower'], spectrum) NULLS LAST, spectrum`;
}
