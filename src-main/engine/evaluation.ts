/**
 * Evaluation: the stakeholder-engagement share (SPEC.md "Metrics → Evaluation").
 * For the employees with an `evaluations` row for period P: six components over
 * their participations in P, each turned into `100 · percent_rank()` within the
 * peer group, E = weighted mean of those percentiles, F = (1 − w)·S + w·E,
 * engagement_share = w·E / F, ranks as SQL rank() descending, and for the
 * population effective_weight = w·cov(E, F)/var(F) and a sensitivity table.
 *
 * Readings of the SPEC this module commits to:
 * - Components: hours = Σ hours; events = distinct events; reach = Σ over their
 *   events of citizens_reached / staff on the event, staff = distinct non-null
 *   employee_ids on it; diversity = distinct stakeholder groups met; cross =
 *   their events with a participant from another department; outcomes = Σ 2
 *   (adopted) / 1 (recommendation) / 0. The key (event_id, employee_id) is
 *   unique (import enforces it), so one participation row = one event.
 * - Participations of employees outside the evaluated population do not make
 *   anyone part of the population, but they are real participants: they count
 *   as "staff on that event" (reach) and as "participants from another
 *   department" (cross), and so do department-level rows (employee_id null) for
 *   cross, though not for staff.
 * - A participant's department is the one on the participation row (the SPEC's
 *   "department at the time"), defaulting to employees.department_id. An event
 *   is cross for an employee when it had a participant from a department other
 *   than the employee's own on that event, so a transferred employee alone at
 *   an event is not "cross". The reported department_id and the `department`
 *   peer group use employees.department_id.
 * - "Employees with no participation score 0 on every component" is read
 *   literally: their raw components are 0, and they still take part in
 *   percent_rank within their peer group. Components are never negative, so 0
 *   is the group's minimum and (ties sharing the lower rank) their percentile
 *   is exactly 0 as well; they rank among the others, they are never dropped.
 * - Peer groups: grade, department (employees.department_id) or everyone. A
 *   group with fewer than 5 evaluated members, or an unknown grade/department,
 *   uses the whole evaluated population instead; `peer_group` says which.
 *
 * What does not depend on w or the component weights (components, percentiles,
 * peer groups, rank by S) is computed once per (period, peer) into a TEMP
 * table on the read connection and reused until a write happens on the
 * workspace; moving the w slider then only runs the cheap ranking query over
 * that table. The sensitivity table (evaluationSensitivity.ts) is computed in
 * TypeScript from S and E, once per (period, peer, component weights).
 */
import duckdb from '@duckdb/node-bindings';
import { type DuckDBConnection, DuckDBTypeId, type DuckDBValue } from '@duckdb/node-api';
import { ARROW_META_NOTES, type ArrowBytes } from '../common/api';
import {
  ARROW_META_EVALUATION_SETUP, ARROW_META_POPULATION, ARROW_META_TOTAL_ROWS, COMPONENTS, EVALUATION_COLUMNS,
  type Component, type ComponentExplanation, type ComponentWeights, type Distribution, type EmployeeExplanation,
  type EvaluationColumn, type EvaluationSettings, type EvaluationSummary, type ParticipationExplanation,
  type PeerGrouping, type SensitivityRow,
} from '../common/evaluationApi';
import { SotongError } from '../common/result';
import { resultToArrow } from './arrow';
import { sensitivityGrid } from './evaluationSensitivity';
import type { Workspace } from './workspace';

/** Peer groups smaller than this use everyone instead (SPEC). */
export const MIN_PEER_GROUP = 5;
/** The sensitivity grid: w = 0, 0.05, …, 0.60 (k/20, so each w is the double nearest its decimal). */
export const SENSITIVITY_WEIGHTS: readonly number[] = Array.from({ length: 13 }, (_, k) => k / 20);
/** Cached component tables kept per workspace (one per period × peer grouping). */
const MAX_CACHED = 4;

type Params = Record<string, DuckDBValue>;

// ---------------------------------------------------------------- periods

/** `2019` → the year, `2019H1` → January-June, `2019H2` → July-December. */
export function periodBounds(period: string): { from: string; to: string } {
  const m = /^(\d{4})(H[12])?$/.exec(period);
  if (!m) throw new SotongError('VALIDATION', `period: "${period}" must be a year (2019) or a half year (2019H1, 2019H2)`, { field: 'period' });
  const y = m[1]!;
  if (m[2] === 'H1') return { from: `${y}-01-01`, to: `${y}-06-30` };
  if (m[2] === 'H2') return { from: `${y}-07-01`, to: `${y}-12-31` };
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

// ---------------------------------------------------------------- SQL parts

/**
 * How the components are read: from the derived tables (derived.ts), which
 * carry each event's stakeholder groups as a bitmask when the workspace has at
 * most MAX_GROUP_BITS distinct groups, or, past that, from the base tables with
 * a distinct count over unnested group lists.
 */
export type ComponentSource = 'derived' | 'base';

/**
 * CTEs down to `contributions`, from the base tables: one row per (evaluated
 * employee, event in P) with that event's part of each component. With
 * `oneEmployee`, restricted to the events of `$employee` (for the explanation),
 * with the same definitions. Used for the explanation, and for the whole
 * population when group_mask cannot hold the workspace's stakeholder groups.
 * `pop` is the population they are restricted to (populationCte, or the
 * components' componentPopCte).
 */
function contributionCtes(oneEmployee: boolean, pop = populationCte(oneEmployee)): string {
  const ev = `ev AS (  -- events in P
    SELECT event_id, citizens_reached, stakeholder_groups, outcome
    FROM events
    WHERE occurred_on BETWEEN $from::DATE AND $to::DATE${oneEmployee ? '\n      AND event_id IN (SELECT event_id FROM participations WHERE employee_id = $employee)' : ''}
  )`;
  return `
  ${pop},
  ${ev},
  part AS (  -- every participation on those events, evaluated or not, with the participant's department
    SELECT p.event_id, p.employee_id, p.hours, p.department_id
    FROM participations p SEMI JOIN ev ON ev.event_id = p.event_id
    WHERE p.department_id IS NOT NULL OR p.employee_id IS NULL
    UNION ALL  -- no department on the row: the employee's (import usually fills it, so this join is small)
    SELECT p.event_id, p.employee_id, p.hours, emp.department_id
    FROM participations p SEMI JOIN ev ON ev.event_id = p.event_id
    LEFT JOIN employees emp ON emp.employee_id = p.employee_id
    WHERE p.department_id IS NULL AND p.employee_id IS NOT NULL
  ),
  event_staff AS (
    SELECT event_id,
           count(DISTINCT employee_id) AS staff,                            -- named staff on the event
           min(department_id) AS first_department, max(department_id) AS last_department
    FROM part GROUP BY event_id
  ),
  ev_staff AS (SELECT ev.*, es.staff, es.first_department, es.last_department FROM ev JOIN event_staff es ON es.event_id = ev.event_id),
  contributions AS (
    SELECT part.employee_id, part.event_id, part.hours,
           e.citizens_reached::DOUBLE / e.staff AS reach,
           e.stakeholder_groups,
           -- a department other than the employee's own on this event: with their own known (it is among the
           -- event's departments), two distinct departments; with it unknown, any known department
           CASE WHEN part.department_id IS NOT NULL THEN e.first_department <> e.last_department
                ELSE e.first_department IS NOT NULL END AS is_cross,
           CASE e.outcome WHEN 'adopted' THEN 2 WHEN 'recommendation' THEN 1 ELSE 0 END AS outcome_points
    FROM part
    JOIN pop ON pop.employee_id = part.employee_id
    JOIN ev_staff e ON e.event_id = part.event_id
  )`;
}

/** `pop`: the evaluated population of P (one employee when `oneEmployee`), with department and grade. */
function populationCte(oneEmployee: boolean): string {
  return `pop AS (  -- the evaluated population of P
    SELECT v.employee_id, v.performance_score AS performance, emp.department_id, emp.grade, d.name AS department_name
    FROM evaluations v
    LEFT JOIN employees emp ON emp.employee_id = v.employee_id
    LEFT JOIN departments d ON d.department_id = emp.department_id
    WHERE v.period = $period${oneEmployee ? ' AND v.employee_id = $employee' : ''}
  )`;
}

/**
 * The population for the components: populationCte's columns, plus `rid`
 * (the evaluations row: an integer to join the narrow percentile rows back
 * on), the peer-group key and, with the derived tables, the employee_key
 * (NULL for an employee no participation names).
 */
function componentPopCte(peer: PeerGrouping, source: ComponentSource): string {
  const derived = source === 'derived';
  return `pop AS (  -- the evaluated population of P
    SELECT v.rowid AS rid, v.employee_id, v.performance_score AS performance, emp.department_id, emp.grade, d.name AS department_name,
           ${groupKeySql(peer)} AS group_key${derived ? ', k.employee_key' : ''}
    FROM evaluations v
    LEFT JOIN employees emp ON emp.employee_id = v.employee_id
    LEFT JOIN departments d ON d.department_id = emp.department_id${derived ? '\n    LEFT JOIN d_employee_keys k ON k.employee_id = v.employee_id' : ''}
    WHERE v.period = $period
  )`;
}

/**
 * `per_employee` (employee_key and the six components, for every employee
 * named in P, evaluated or not) from the derived tables: d_staff (the
 * participations of P with their effective department, skipped by date
 * through its zone maps) joined on the integer event_key to the events of P
 * in d_event_departments, whose n_staff, n_departments and group_mask were
 * computed by the same rules over every participation of the event. Each
 * event's part of reach and outcomes is computed once per event. An event is
 * cross for an employee with a known department when it has another
 * department (n_departments > 1), and with an unknown one when it has any.
 * One aggregation over integer keys; the population joins it afterwards.
 */
function derivedPerEmployeeCtes(): string {
  return `ev AS (  -- events in P, one row each
    SELECT event_key, citizens_reached::DOUBLE / n_staff AS reach, group_mask, n_departments,
           CASE outcome WHEN 'adopted' THEN 2 WHEN 'recommendation' THEN 1 ELSE 0 END AS outcome_points
    FROM d_event_departments
    WHERE event_row AND occurred_on BETWEEN $from::DATE AND $to::DATE
  ),
  per_employee AS (
    SELECT s.employee_key,
           sum(s.hours) AS hours,
           count(*) AS events,
           sum(e.reach) AS reach,
           count(*) FILTER (WHERE CASE WHEN s.department_id IS NOT NULL THEN e.n_departments > 1 ELSE e.n_departments >= 1 END) AS "cross",
           sum(e.outcome_points) AS outcomes,
           bit_count(bit_or(e.group_mask)) AS diversity
    FROM d_staff s JOIN ev e ON e.event_key = s.event_key
    WHERE s.occurred_on BETWEEN $from::DATE AND $to::DATE AND s.employee_key IS NOT NULL
    GROUP BY s.employee_key
  )`;
}

/** `per_employee` (employee_id and the six components) from the base tables' contributions (contributionCtes). */
function basePerEmployeeCtes(): string {
  return `met AS (  -- distinct stakeholder groups met
    SELECT employee_id, count(DISTINCT g) AS diversity
    FROM (SELECT employee_id, unnest(stakeholder_groups) AS g FROM contributions)
    GROUP BY employee_id
  ),
  per_employee AS (
    SELECT c.employee_id,
           sum(c.hours) AS hours,
           count(*) AS events,
           sum(c.reach) AS reach,
           count(*) FILTER (WHERE c.is_cross) AS "cross",
           sum(c.outcome_points) AS outcomes,
           any_value(met.diversity) AS diversity
    FROM contributions c LEFT JOIN met ON met.employee_id = c.employee_id
    GROUP BY c.employee_id
  )`;
}

/** The peer-group key of an employee of componentPopCte (NULL when the grade/department is unknown). */
function groupKeySql(peer: PeerGrouping): string {
  if (peer === 'grade') return `'grade:' || emp.grade`;
  if (peer === 'department') return `'department:' || emp.department_id`;
  return `'all'`;
}

function fallbackLabelSql(peer: PeerGrouping): string {
  if (peer === 'all') return `'all'`;
  const col = peer === 'grade' ? 'pop.grade' : 'pop.department_id';
  return `CASE WHEN ${col} IS NULL THEN 'all (fallback: no ${peer})'
               ELSE 'all (fallback: ${peer} ' || ${col} || ' has ' || r.group_n || ')' END`;
}

const column = (c: Component): string => (c === 'cross' ? '"cross"' : c);

/**
 * 100 · percent_rank() of component c within `part`, computed as DuckDB's
 * percent_rank does, (rank − 1) / (rows − 1) and 0 for a single row, where
 * rank − 1 = the rows of the part with a smaller value: counted once per
 * distinct (part, value) by a running sum, instead of a window sorting every
 * row once per component (most components have few distinct values).
 */
function belowCte(c: Component): string {
  return `below_${c} AS (
    SELECT part, ${column(c)} AS v, sum(count(*)) OVER (PARTITION BY part ORDER BY ${column(c)} ROWS UNBOUNDED PRECEDING) - count(*) AS below
    FROM parts GROUP BY part, ${column(c)}
  )`;
}

/** Components and percentiles of the whole population: the part that does not depend on the weights. */
export function componentsTableSql(table: string, peer: PeerGrouping, source: ComponentSource): string {
  return `CREATE OR REPLACE TEMP TABLE ${table} AS\n${componentsSql(peer, source)}`;
}

/**
 * The SELECT of componentsTableSql (params: period, from, to): one row per
 * evaluation of P with the employee's components, peer group, percentiles,
 * and rank_performance (rank() by S, descending: it does not depend on w).
 * The percentiles are computed on narrow rows (row id, part, components) and
 * joined back to the population's text columns at the end. A member of a
 * peer group of at least MIN_PEER_GROUP ranks within it (part = the group's
 * integer id); one that falls back ranks among everyone (part NULL), rows
 * added only when someone falls back. The part is matched with IS NOT
 * DISTINCT FROM, which also keeps the optimizer from treating the six
 * below_* tables as joinable with one another on it.
 */
export function componentsSql(peer: PeerGrouping, source: ComponentSource): string {
  const derived = source === 'derived';
  const pop = componentPopCte(peer, source);
  const perEmployee = derived ? `${pop},\n  ${derivedPerEmployeeCtes()}` : `${contributionCtes(false, pop)},\n  ${basePerEmployeeCtes()}`;
  const fallback = peer === 'all' ? 'false' : `(pop.group_key IS NULL OR g.group_n < ${MIN_PEER_GROUP})`;
  return `WITH ${perEmployee},
  groups AS (SELECT group_key, count(*) AS group_n, (row_number() OVER (ORDER BY group_key))::INTEGER AS group_id FROM pop GROUP BY group_key),
  narrow AS (  -- no participation: every component 0
    SELECT pop.rid, pop.performance, pop.group_key, g.group_n, g.group_id, ${fallback} AS peer_fallback,
           coalesce(pe.hours, 0)::DOUBLE AS hours,
           coalesce(pe.events, 0)::INTEGER AS events,
           coalesce(pe.reach, 0)::DOUBLE AS reach,
           coalesce(pe.diversity, 0)::INTEGER AS diversity,
           coalesce(pe."cross", 0)::INTEGER AS "cross",
           coalesce(pe.outcomes, 0)::INTEGER AS outcomes,
           pe.${derived ? 'employee_key' : 'employee_id'} IS NOT NULL AS participated
    FROM pop
    JOIN groups g ON g.group_key IS NOT DISTINCT FROM pop.group_key
    LEFT JOIN per_employee pe ON pe.${derived ? 'employee_key = pop.employee_key' : 'employee_id = pop.employee_id'}
  ),
  parts AS (  -- the rows each percentile ranks among (part: the group's id, NULL for everyone), with their count
    SELECT *, group_id AS part, group_n AS part_n FROM narrow WHERE NOT peer_fallback
    UNION ALL
    SELECT *, NULL AS part, count(*) OVER () AS part_n FROM narrow WHERE (SELECT bool_or(peer_fallback) FROM narrow)
  ),
  ${COMPONENTS.map(belowCte).join(',\n  ')},
  ranked AS (
    SELECT p.*,
           ${COMPONENTS.map((c) => `100 * CASE WHEN p.part_n > 1 THEN below_${c}.below::DOUBLE / (p.part_n - 1)::DOUBLE ELSE 0 END AS pct_${c}`).join(',\n           ')},
           rank() OVER (ORDER BY p.performance DESC) AS rank_performance
    FROM parts p
    ${COMPONENTS.map((c) => `JOIN below_${c} ON below_${c}.part IS NOT DISTINCT FROM p.part AND below_${c}.v = p.${column(c)}`).join('\n    ')}
    WHERE (p.part IS NULL) = p.peer_fallback
  )
  SELECT pop.employee_id, pop.department_id, pop.department_name, pop.grade, pop.performance::DOUBLE AS performance, r.participated,
         r.group_key, r.group_n::INTEGER AS group_n, r.peer_fallback,
         CASE WHEN r.peer_fallback THEN ${fallbackLabelSql(peer)} ELSE r.group_key END AS peer_group,
         r.hours, r.events, r.reach, r.diversity, r."cross", r.outcomes,
         ${COMPONENTS.map((c) => `r.pct_${c}`).join(', ')},
         r.rank_performance::INTEGER AS rank_performance
  FROM ranked r JOIN pop ON pop.rid = r.rid`;
}

/** E = Σ weight · percentile, in the SPEC's order of the weights (the weights sum to 1). */
function engagementSql(prefix = ''): string {
  return '(' + COMPONENTS.map((c) => `$${prefix}w_${c} * pct_${c}`).join(' + ') + ')';
}

function weightParams(weights: ComponentWeights, prefix = ''): Params {
  const p: Params = {};
  for (const c of COMPONENTS) p[`${prefix}w_${c}`] = weights[c];
  return p;
}

/**
 * Every column of `evaluate` over a cached components table; ranks over the
 * whole population (rank_performance is in the table). `ranks: false` leaves
 * out rank_composite and rank_change, for the callers that do not read them:
 * DuckDB keeps an unused window in the plan, and it sorts the population.
 */
export function scoredSql(table: string, prefix = '', options: { ranks?: boolean } = {}): string {
  const w = `$${prefix}w`;
  const scored = `SELECT *, CASE WHEN composite = 0 THEN 0::DOUBLE ELSE ${w} * engagement / composite END AS engagement_share
      FROM (
        SELECT *, (1 - ${w}) * performance + ${w} * engagement AS composite
        FROM (SELECT *, ${engagementSql(prefix)} AS engagement FROM ${table})
      )`;
  if (options.ranks === false) return `(\n      ${scored}\n  )`;
  return `(
    SELECT *, (rank_composite - rank_performance)::INTEGER AS rank_change
    FROM (
      SELECT *, rank() OVER (ORDER BY composite DESC)::INTEGER AS rank_composite
      FROM (${scored})
    )
  )`;
}

export function scoredParams(s: EvaluationSettings, prefix = ''): Params {
  return { [`${prefix}w`]: s.weight, ...weightParams(s.weights, prefix) };
}

const quote = (c: EvaluationColumn): string => `"${c}"`;

// ---------------------------------------------------------------- the cache

interface CacheEntry {
  table: string;
  version: number;
  n: number;
  notes: string[];
}

interface SensitivityEntry {
  version: number;
  rows: SensitivityRow[];
  notes: string[];
}

interface WorkspaceState {
  entries: Map<string, CacheEntry>;
  sensitivity: Map<string, SensitivityEntry>;
  nextTable: number;
}

const states = new WeakMap<Workspace, WorkspaceState>();

/** The workspace's evaluation cache; entries are valid while `ws.dataVersion` is unchanged. */
function stateOf(ws: Workspace): WorkspaceState {
  let state = states.get(ws);
  if (!state) {
    state = { entries: new Map(), sensitivity: new Map(), nextTable: 0 };
    states.set(ws, state);
  }
  return state;
}

/** Kept for callers: the cache now follows `ws.dataVersion`, nothing to start. */
export function trackWorkspaceWrites(ws: Workspace): void {
  stateOf(ws);
}

const cacheKey = (period: string, peer: PeerGrouping): string => `${period}|${peer}`;

/** The components table of (period, peer), built if missing or stale. Runs on the read lane. */
export async function components(ws: Workspace, conn: DuckDBConnection, period: string, peer: PeerGrouping): Promise<CacheEntry> {
  const state = stateOf(ws);
  const key = cacheKey(period, peer);
  const hit = state.entries.get(key);
  if (hit && hit.version === ws.dataVersion) {
    state.entries.delete(key);
    state.entries.set(key, hit); // most recently used last
    return hit;
  }
  const version = ws.dataVersion;
  await checkPeriod(conn, period);
  const table = hit?.table ?? `sotong_evaluation_${state.nextTable++}`;
  const { from, to } = periodBounds(period);
  await conn.run(componentsTableSql(table, peer, await componentSource(conn)), { period, from, to });
  const stats = (
    await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n, count(DISTINCT employee_id)::INTEGER AS ids,
             (count(*) FILTER (WHERE NOT participated))::INTEGER AS idle,
             (count(*) FILTER (WHERE peer_fallback))::INTEGER AS fallback,
             (count(*) FILTER (WHERE department_id IS NULL AND grade IS NULL))::INTEGER AS unknown
      FROM ${table}`)
  ).getRowObjectsJS()[0] as { n: number; ids: number; idle: number; fallback: number; unknown: number };
  if (stats.ids !== stats.n) {
    await conn.run(`DROP TABLE IF EXISTS ${table}`);
    state.entries.delete(key);
    throw new SotongError('VALIDATION', `The workspace holds duplicate rows for some employees of ${period} (in employees or departments): ${stats.n} rows for ${stats.ids} employees. Remove the duplicates and try again.`, { field: 'period' });
  }
  const notes: string[] = [];
  if (stats.idle > 0) {
    notes.push(`${stats.idle} of ${stats.n} evaluated employees have no participation in ${period}: each of their components is 0, so each of their percentiles is 0 too.`);
    if (stats.idle === stats.n) notes.push(...(await staffNote(conn, period)));
  }
  if (stats.fallback > 0 && peer !== 'all') {
    notes.push(`${stats.fallback} employees are compared with everyone: their ${peer} group has fewer than ${MIN_PEER_GROUP} evaluated members or is unknown.`);
  }
  if (stats.unknown > 0) notes.push(`${stats.unknown} evaluated employees are missing from the employees table (no department, no grade).`);
  const entry: CacheEntry = { table, version, n: stats.n, notes };
  state.entries.delete(key);
  state.entries.set(key, entry);
  while (state.entries.size > MAX_CACHED) {
    const [oldKey, old] = state.entries.entries().next().value as [string, CacheEntry];
    state.entries.delete(oldKey);
    await conn.run(`DROP TABLE IF EXISTS ${old.table}`);
  }
  return entry;
}

/** 'derived' unless the workspace has more stakeholder groups than group_mask has bits (derived.ts). */
export async function componentSource(conn: DuckDBConnection): Promise<ComponentSource> {
  const r = (await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM (SELECT 1 FROM d_event_departments WHERE group_mask IS NULL LIMIT 1)')).getRowObjectsJS()[0] as { n: number };
  return r.n === 0 ? 'derived' : 'base';
}

/** A period with no evaluations is the user's to fix: say which periods exist. */
async function checkPeriod(conn: DuckDBConnection, period: string): Promise<void> {
  const mine = (
    await conn.runAndReadAll(
      `SELECT count(*)::INTEGER AS n,
              (count(*) FILTER (WHERE performance_score IS NULL OR performance_score NOT BETWEEN 0 AND 100))::INTEGER AS bad
       FROM evaluations WHERE period = $period`,
      { period },
    )
  ).getRowObjectsJS()[0] as { n: number; bad: number };
  if (mine.n === 0) {
    const known = (
      (await conn.runAndReadAll('SELECT DISTINCT period FROM evaluations ORDER BY period')).getRowObjectsJS() as { period: string }[]
    ).map((r) => r.period);
    throw new SotongError(
      'VALIDATION',
      `period: there are no evaluations for ${period}. ${known.length ? `Periods with evaluations: ${known.join(', ')}.` : 'Import an evaluations file first.'}`,
      { field: 'period', periods: known },
    );
  }
  if (mine.bad > 0) {
    throw new SotongError('VALIDATION', `${mine.bad} evaluations of ${period} have a performance_score outside [0, 100]: correct them and try again.`, { field: 'performance_score' });
  }
}

/** SPEC: staff-level metrics say plainly that department-level logs do not name staff. */
async function staffNote(conn: DuckDBConnection, period: string): Promise<string[]> {
  const { from, to } = periodBounds(period);
  const r = (
    await conn.runAndReadAll(
      `SELECT (count(*) FILTER (WHERE p.employee_id IS NULL))::INTEGER AS unnamed
       FROM participations p JOIN events e ON e.event_id = p.event_id
       WHERE e.occurred_on BETWEEN $from::DATE AND $to::DATE`,
      { from, to },
    )
  ).getRowObjectsJS()[0] as { unnamed: number };
  return r.unnamed > 0
    ? [`The ${r.unnamed} participations of ${period} name no employee (department-level logs): the evaluation needs logs that name staff.`]
    : [];
}

// ---------------------------------------------------------------- evaluate

export interface EvaluateRequest extends EvaluationSettings {
  search?: string;
  sort?: { column: EvaluationColumn; direction: 'asc' | 'desc' };
  offset: number;
  limit?: number;
}

const SEARCH_SQL = `(contains(lower(employee_id), $search) OR contains(lower(coalesce(department_id, '')), $search)
                     OR contains(lower(coalesce(department_name, '')), $search))`;

export const settingsOf = (s: EvaluationSettings): EvaluationSettings => ({ period: s.period, weight: s.weight, weights: { ...s.weights }, peer: s.peer });

/** One row per evaluated employee: the columns of EVALUATION_COLUMNS, paged by offset/limit. */
export async function evaluate(ws: Workspace, req: EvaluateRequest): Promise<ArrowBytes> {
  return ws.use('read', async (conn) => {
    const entry = await components(ws, conn, req.period, req.peer);
    const search = req.search?.trim().toLowerCase() ?? '';
    const where = search ? `WHERE ${SEARCH_SQL}` : '';
    const searchParams: Params = search ? { search } : {};
    const total = search
      ? Number((await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${entry.table} ${where}`, searchParams)).getRowObjectsJS()[0]?.n ?? 0)
      : entry.n;
    const order = req.sort ? `${quote(req.sort.column)} ${req.sort.direction === 'desc' ? 'DESC' : 'ASC'}, employee_id` : 'employee_id';
    const page: Params = { offset: req.offset };
    if (req.limit !== undefined) page.limit = req.limit;
    const sql = `SELECT ${EVALUATION_COLUMNS.map(quote).join(', ')}
      FROM ${scoredSql(entry.table)}
      ${where}
      ORDER BY ${order}
      ${req.limit !== undefined ? 'LIMIT $limit' : ''} OFFSET $offset`;
    const result = await conn.stream(sql, { ...scoredParams(req), ...searchParams, ...page });
    const out = await resultToArrow(result, {
      metadata: {
        [ARROW_META_TOTAL_ROWS]: String(total),
        [ARROW_META_POPULATION]: String(entry.n),
        [ARROW_META_EVALUATION_SETUP]: JSON.stringify(settingsOf(req)),
        [ARROW_META_NOTES]: JSON.stringify(entry.notes),
      },
    });
    return out.bytes;
  });
}

// ---------------------------------------------------------------- summary

/** Population figures: n, effective weight, distribution of engagement_share, sensitivity. */
export async function evaluationSummary(ws: Workspace, s: EvaluationSettings): Promise<EvaluationSummary> {
  return ws.use('read', async (conn) => {
    const entry = await components(ws, conn, s.period, s.peer);
    const sensitivity = await sensitivityOf(ws, conn, entry, s);
    // DuckDB runs the summary query on its threads while this one computes the sensitivity table (when not cached).
    const query = conn.runAndReadAll(
      `SELECT count(*)::INTEGER AS n,
              covar_pop(engagement, composite) AS cov_ef, var_pop(composite) AS var_f,
              min(engagement_share) AS min, quantile_cont(engagement_share, 0.25) AS p25,
              quantile_cont(engagement_share, 0.5) AS median, quantile_cont(engagement_share, 0.75) AS p75,
              max(engagement_share) AS max, avg(engagement_share) AS mean
       FROM ${scoredSql(entry.table, '', { ranks: false })}`,
      scoredParams(s),
    );
    let sens: SensitivityEntry;
    try {
      sens = sensitivity();
    } catch (e) {
      await query.catch(() => undefined);
      throw e;
    }
    const r = (await query).getRowObjectsJS()[0] as Record<string, number>;
    const notes = [...entry.notes];
    let effective: number | null = null;
    if (r.var_f! > 0) effective = (s.weight * r.cov_ef!) / r.var_f!;
    else notes.push('effective_weight is undefined: every employee has the same composite F (var(F) = 0), so engagement moves no ranking.');
    return {
      ...settingsOf(s),
      n: r.n!,
      effective_weight: effective,
      engagement_share_distribution: { min: r.min!, p25: r.p25!, median: r.median!, p75: r.p75!, max: r.max!, mean: r.mean! },
      sensitivity: sens.rows,
      notes: [...notes, ...sens.notes],
    };
  });
}

/** The DOUBLE columns of a query without NULLs, copied from DuckDB's vectors into typed arrays (no JS value per cell). */
async function readDoubles(conn: DuckDBConnection, sql: string, params: Params): Promise<Float64Array[]> {
  const result = await conn.run(sql, params);
  const n = result.rowCount;
  const columns = Array.from({ length: result.columnCount }, (_, c) => {
    if (result.columnTypeId(c) !== DuckDBTypeId.DOUBLE) throw new Error(`readDoubles: column ${c} is not DOUBLE`);
    return new Float64Array(n);
  });
  for (let i = 0, at = 0; i < result.chunkCount; i++) {
    const chunk = result.getChunk(i);
    const count = chunk.rowCount;
    columns.forEach((out, c) => {
      const vector = duckdb.data_chunk_get_vector(chunk.chunk, c);
      const valid = duckdb.vector_get_validity(vector, ((count + 63) >> 6) * 8) as Uint8Array | null;
      for (let r = 0; valid && r < count; r++) if (!(valid[r >> 3]! & (1 << (r & 7)))) throw new Error(`readDoubles: column ${c} has a NULL`);
      new Uint8Array(out.buffer, at * 8, count * 8).set(duckdb.vector_get_data(vector, count * 8));
    });
    at += count;
  }
  return columns;
}

/**
 * For w on the grid: Kendall's tau-b between S and F_w and the share of
 * employees whose quintile floor(5·(rank − 1)/n) + 1 differs between rank by
 * S and rank by F_w (SQL rank(), descending), computed in TypeScript from S
 * and E (evaluationSensitivity.ts). It does not depend on w, so it is cached
 * per (period, peer, component weights). Reads S and E if it is not cached,
 * and returns the (synchronous) rest of the work.
 */
async function sensitivityOf(ws: Workspace, conn: DuckDBConnection, entry: CacheEntry, s: EvaluationSettings): Promise<() => SensitivityEntry> {
  const state = stateOf(ws);
  const key = `${cacheKey(s.period, s.peer)}|${COMPONENTS.map((c) => s.weights[c]).join(',')}`;
  const hit = state.sensitivity.get(key);
  if (hit && hit.version === entry.version && hit.version === ws.dataVersion) return () => hit;
  const [performance, engagement] = await readDoubles(conn, `SELECT performance, ${engagementSql()} AS engagement FROM ${entry.table}`, weightParams(s.weights));
  return () => {
    const rows = sensitivityGrid(performance!, engagement!, SENSITIVITY_WEIGHTS);
    const notes = rows.some((r) => r.kendall_tau === null)
      ? ['kendall_tau is undefined (null) where every employee has the same performance score or the same composite.']
      : [];
    const result = { version: entry.version, rows, notes };
    state.sensitivity.set(key, result);
    if (state.sensitivity.size > 16) state.sensitivity.delete(state.sensitivity.keys().next().value as string);
    return result;
  };
}

// ---------------------------------------------------------------- explanation

/** Everything behind one employee's score, with the arithmetic written out. */
export async function explainEmployee(ws: Workspace, s: EvaluationSettings & { employeeId: string }): Promise<EmployeeExplanation> {
  return ws.use('read', async (conn) => {
    const entry = await components(ws, conn, s.period, s.peer);
    const row = (
      await conn.runAndReadAll(
        `SELECT * EXCLUDE (department_name) FROM ${scoredSql(entry.table)} WHERE employee_id = $employee`,
        { ...scoredParams(s), employee: s.employeeId },
      )
    ).getRowObjectsJS()[0] as Record<string, unknown> | undefined;
    if (!row) throw await notEvaluated(conn, s.employeeId, s.period);
    const fallback = row.peer_fallback as boolean;
    const groupKey = row.group_key as string | null;
    const distribution = await peerDistribution(conn, entry.table, fallback ? null : groupKey);
    const parts: ComponentExplanation[] = COMPONENTS.map((c) => ({
      component: c,
      value: row[c] as number,
      percentile: row[`pct_${c}`] as number,
      weight: s.weights[c],
      contribution: s.weights[c] * (row[`pct_${c}`] as number),
      peer_distribution: distribution[c],
    }));
    const E = row.engagement as number;
    const S = row.performance as number;
    const F = row.composite as number;
    const share = row.engagement_share as number;
    const w = s.weight;
    return {
      ...settingsOf(s),
      employee_id: s.employeeId,
      department_id: row.department_id as string | null,
      grade: row.grade as string | null,
      n: entry.n,
      peer_group: row.peer_group as string,
      peer_fallback: fallback,
      peer_group_reason: peerReason(s.peer, row, entry.n),
      peer_group_n: fallback ? entry.n : (row.group_n as number),
      components: parts,
      performance: S,
      engagement: E,
      composite: F,
      engagement_share: share,
      rank_performance: row.rank_performance as number,
      rank_composite: row.rank_composite as number,
      rank_change: row.rank_change as number,
      arithmetic: {
        engagement: `E = ${parts.map((c) => `${c.weight} × ${c.percentile}`).join(' + ')} = ${E}`,
        composite: `F = (1 − ${w}) × ${S} + ${w} × ${E} = ${F}`,
        engagement_share: F === 0 ? 'engagement_share = 0 (F = 0)' : `engagement_share = ${w} × ${E} / ${F} = ${share}`,
      },
      participations: await participations(conn, s.period, s.employeeId),
    };
  });
}

function peerReason(peer: PeerGrouping, row: Record<string, unknown>, n: number): string {
  if (peer === 'all') return `Compared with everyone evaluated for the period (${n} employees).`;
  const value = (peer === 'grade' ? row.grade : row.department_id) as string | null;
  if (value === null) return `This employee's ${peer} is unknown, so they are compared with everyone evaluated (${n} employees).`;
  if (row.peer_fallback) {
    return `The ${peer} group ${value} has ${row.group_n as number} evaluated member(s), fewer than ${MIN_PEER_GROUP}, so they are compared with everyone evaluated (${n} employees).`;
  }
  return `Compared with the ${row.group_n as number} employees evaluated in ${peer} ${value}.`;
}

/** min, quartiles (quantile_cont), max and n of each component over the peer group (null key: everyone). */
async function peerDistribution(conn: DuckDBConnection, table: string, groupKey: string | null): Promise<Record<Component, Distribution>> {
  const cols = COMPONENTS.map((c) => {
    const col = c === 'cross' ? '"cross"' : c;
    return `min(${col})::DOUBLE AS ${c}_min, quantile_cont(${col}, 0.25) AS ${c}_p25, quantile_cont(${col}, 0.5) AS ${c}_median,
            quantile_cont(${col}, 0.75) AS ${c}_p75, max(${col})::DOUBLE AS ${c}_max`;
  });
  const r = (
    await conn.runAndReadAll(
      `SELECT count(*)::INTEGER AS n, ${cols.join(', ')} FROM ${table} ${groupKey === null ? '' : 'WHERE group_key = $key'}`,
      groupKey === null ? {} : { key: groupKey },
    )
  ).getRowObjectsJS()[0] as Record<string, number>;
  const out = {} as Record<Component, Distribution>;
  for (const c of COMPONENTS) {
    out[c] = { min: r[`${c}_min`]!, p25: r[`${c}_p25`]!, median: r[`${c}_median`]!, p75: r[`${c}_p75`]!, max: r[`${c}_max`]!, n: r.n! };
  }
  return out;
}

/** The employee's participations in P with each event's part of reach, cross and outcomes. */
async function participations(conn: DuckDBConnection, period: string, employee: string): Promise<ParticipationExplanation[]> {
  const { from, to } = periodBounds(period);
  const rows = (
    await conn.runAndReadAll(
      `WITH ${contributionCtes(true)}
       SELECT c.event_id, e.occurred_on::VARCHAR AS occurred_on, e.program, e.channel, p.role, c.hours,
              e.citizens_reached::INTEGER AS citizens_reached, coalesce(e.stakeholder_groups, []::VARCHAR[]) AS stakeholder_groups,
              es.staff::INTEGER AS staff_on_event, c.reach AS reach_contribution, c.is_cross AS "cross",
              e.outcome, c.outcome_points::INTEGER AS outcome_points
       FROM contributions c
       JOIN events e ON e.event_id = c.event_id
       JOIN event_staff es ON es.event_id = c.event_id
       JOIN participations p ON p.event_id = c.event_id AND p.employee_id = c.employee_id
       ORDER BY e.occurred_on, c.event_id`,
      { period, from, to, employee },
    )
  ).getRowObjectsJS();
  return rows as unknown as ParticipationExplanation[];
}

async function notEvaluated(conn: DuckDBConnection, employee: string, period: string): Promise<SotongError> {
  const r = (
    await conn.runAndReadAll(
      `SELECT (SELECT count(*) FROM employees WHERE employee_id = $e)::INTEGER AS known,
              (SELECT string_agg(period, ', ' ORDER BY period) FROM evaluations WHERE employee_id = $e) AS periods`,
      { e: employee },
    )
  ).getRowObjectsJS()[0] as { known: number; periods: string | null };
  if (r.periods) {
    return new SotongError('VALIDATION', `employeeId: ${employee} has no evaluation for ${period} (evaluated in: ${r.periods}).`, { field: 'employeeId' });
  }
  if (r.known > 0) return new SotongError('VALIDATION', `employeeId: ${employee} has no evaluation, so no score to explain.`, { field: 'employeeId' });
  return new SotongError('VALIDATION', `employeeId: there is no employee ${employee} in this workspace.`, { field: 'employeeId' });
}

// ---------------------------------------------------------------- comparing two settings

/** Composites of the same period under two settings: Pearson correlation and employees whose rank changes. */
export async function compareScores(
  ws: Workspace,
  a: EvaluationSettings,
  b: EvaluationSettings,
): Promise<{ n: number; composite_correlation: number | null; rank_changed: number }> {
  return ws.use('read', async (conn) => {
    const ea = await components(ws, conn, a.period, a.peer);
    const eb = await components(ws, conn, b.period, b.peer);
    const r = (
      await conn.runAndReadAll(
        `SELECT count(*)::INTEGER AS n,
                CASE WHEN var_pop(sa.composite) > 0 AND var_pop(sb.composite) > 0 THEN corr(sa.composite, sb.composite) END AS correlation,
                (count(*) FILTER (WHERE sa.rank_composite <> sb.rank_composite))::INTEGER AS changed
         FROM ${scoredSql(ea.table, 'a_')} sa JOIN ${scoredSql(eb.table, 'b_')} sb ON sa.employee_id = sb.employee_id`,
        { ...scoredParams(a, 'a_'), ...scoredParams(b, 'b_') },
      )
    ).getRowObjectsJS()[0] as { n: number; correlation: number | null; changed: number };
    return { n: r.n, composite_correlation: r.correlation, rank_changed: r.changed };
  });
}
