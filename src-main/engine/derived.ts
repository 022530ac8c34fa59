/**
 * Derived tables: compact, integer-keyed, date-sorted facts that the metric
 * engines (departments, continuity, evaluation) read instead of joining
 * `participations` ⋈ `events` on VARCHAR keys over millions of rows per call.
 *
 * They are a pure function of the base tables (participations, events,
 * employees). An import or an undo commits its rows first, with a mark in
 * `settings` (markDerivedStale), and then refreshes them in a transaction of
 * its own that clears the mark (commitThenRefresh): the rows are safe and
 * reported without waiting for it, the screens' reads wait for it
 * (Workspace.holdReads), and a crash between the two commits leaves the mark,
 * so the next open rebuilds them (repairDerived). The demo generation and the
 * schema migrations rebuild them in their own transaction.
 * A participations import only recomputes the events it touched
 * (refreshDerivedFor), with the same SQL: the rows equal a full rebuild's,
 * up to the values of new keys.
 *
 * Rules they bake in (the same as the engines' module comments):
 * - A participation's department is `participations.department_id`, else the
 *   employee's `employees.department_id` (SPEC: "the employee's department at
 *   the time; default: employees.department_id"); it may stay NULL.
 * - Participations whose event is not in `events` are dropped (every metric
 *   joins them to their event's date).
 * - Department-level logs (employee_id NULL) are rows with employee_key NULL.
 *
 * The fact tables carry `department_id`, `occurred_on` and `channel`. No
 * VARCHAR key is stored in them (unique strings are what make large tables
 * slow to write and to join); integer keys link them.
 *
 * d_staff — one row per participation, sorted by (occurred_on, event_key) (mostly, after incremental refreshes):
 *   event_key INTEGER, employee_key INTEGER (NULL for department-level rows),
 *   department_id (effective, may be NULL), occurred_on, channel, hours.
 * d_event_departments — one row per (event, effective department), sorted by
 *   occurred_on; an event none of whose participants has a known department
 *   (or with no participant at all) has one row with department_id NULL, so
 *   every event has at least one row:
 *   event_key, department_id, occurred_on, month, channel, program, spectrum,
 *   citizens_reached, outcome, group_mask (UBIGINT bitmask of the event's
 *   stakeholder groups, bit i = the i-th of all groups in `events` sorted; NULL
 *   for every event when there are more than 64 groups), hours, staff_rows
 *   (rows naming an employee), department_rows (rows without), and, per event
 *   (repeated on its rows): n_departments (known departments on the event),
 *   n_rows (its participation rows with a known department), n_staff (distinct
 *   named employees, any department), event_row (true on exactly one row of
 *   each event: its first department, NULL last).
 * d_employee_keys — one row per employee id named in participations:
 *   employee_key INTEGER (dense; in employee_id order after a full rebuild), employee_id, and
 *   department_id (employees.department_id; NULL when not in employees). The
 *   identity map of the keys: no occurred_on or channel.
 * d_event_keys — one row per event: event_key INTEGER, event_id (what the
 *   incremental refresh needs to keep an existing event's key).
 *
 * Monthly rollups (whole calendar months; a metric over a date window reads
 * them for the months wholly inside it and the fact tables for the days of the
 * partial months at its ends, see departmentScope.ts):
 * d_month_departments — sums of d_event_departments rows with a known
 *   department per (month, department_id, channel, program, spectrum): events
 *   (rows, i.e. (event, department) pairs), hours, citizens_reached,
 *   cross_events (n_departments > 1), staff_rows, department_rows,
 *   internal_ties / external_ties (collaboration.ts: n·(n−1)/2 and n·(N−n)
 *   with n = the department's rows, N = n_rows), first_events /
 *   first_citizens / first_cross (the same over event_row rows only: each event
 *   once, for city-level totals).
 * d_month_pairs — per (month, department_id, partner_id, channel, program):
 *   events with participants from both departments (both orders).
 * d_month_staff — distinct named employees (employee_key) with a
 *   participation with a known department per month, at two grains: grain 1
 *   per department_id (channel NULL), 2 per channel (department_id NULL).
 *   Distinct counts do not add up, hence the grains.
 * d_year_staff — per calendar year (first day), the distinct employee_keys with
 *   a participation with a known department that year (who was engaged in a
 *   window, without scanning every participation of its whole years).
 * Keys are 1..n; a full rebuild renumbers them, an incremental refresh keeps
 * them and numbers new ones from max + 1.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { commitOrRollback, inTransaction } from './transaction';

export const DERIVED_TABLES = [
  'd_staff', 'd_event_departments', 'd_employee_keys', 'd_event_keys', 'd_month_departments', 'd_month_pairs', 'd_month_staff', 'd_year_staff',
] as const;
export type DerivedTable = (typeof DERIVED_TABLES)[number];

/** The base tables the derived tables are computed from: a write to any other table needs no refresh. */
export const DERIVED_SOURCES = ['participations', 'events', 'employees'] as const;

/** Import kinds (and the demo) that write a source table. */
export const refreshesDerived = (kind: string): boolean => kind === 'participations' || kind === 'employees' || kind === 'demo';

/** Stakeholder groups get a bit each in group_mask up to this many distinct groups. */
export const MAX_GROUP_BITS = 64;

const GROUPS = 'd_tmp_groups';
const GROUPS_BEFORE = 'd_tmp_groups_before';
const KEYS_EVENTS = 'd_tmp_event_keys';
const KEYS_EMPLOYEES = 'd_tmp_employee_keys';
const NEW_STAFF = 'd_tmp_staff';
const MONTHS = 'd_tmp_months';

/** All stakeholder groups of `events`, sorted (NULL when none), and how many. */
const groupsSql = (table: string) =>
  `CREATE OR REPLACE TEMP TABLE ${table} AS
   SELECT list(g ORDER BY g) AS groups, count(*) AS n FROM (SELECT DISTINCT unnest(stakeholder_groups) AS g FROM events) WHERE g IS NOT NULL`;

/**
 * The keyed events of the refresh (KEYS_EVENTS): every event (full rebuild,
 * dense keys in any order), or only the events of `touched` (incremental: a
 * key already in d_event_keys is kept, a new event gets max + 1 …). new_key
 * marks the events d_event_keys does not hold yet.
 * group_mask: bit i = the i-th stakeholder group (sorted) of all events; NULL past 64 groups.
 */
const eventKeysSql = (touched: string | null) =>
  `CREATE OR REPLACE TEMP TABLE ${KEYS_EVENTS} AS
   SELECT ${
     touched === null
       ? '(row_number() OVER ())::INTEGER AS event_key, true AS new_key'
       : `coalesce(dk.event_key, ((SELECT coalesce(max(event_key), 0) FROM d_event_keys)
            + row_number() OVER (PARTITION BY dk.event_key IS NULL ORDER BY e.event_id))::INTEGER) AS event_key, dk.event_key IS NULL AS new_key`
   }, e.event_id, e.occurred_on, e.channel, e.program, e.spectrum, e.citizens_reached, e.outcome,
          CASE WHEN ag.n <= ${MAX_GROUP_BITS} THEN coalesce(list_aggregate(list_transform(
            list_filter(e.stakeholder_groups, g -> g IS NOT NULL),
            g -> (1::UBIGINT << (list_position(ag.groups, g) - 1)::UBIGINT)), 'bit_or'), 0::UBIGINT) END AS group_mask
   FROM events e CROSS JOIN ${GROUPS} ag${
     touched === null ? '' : ` LEFT JOIN d_event_keys dk ON dk.event_id = e.event_id WHERE e.event_id IN (SELECT event_id FROM ${touched})`
   }`;

/** d_event_keys rows of the new keys of KEYS_EVENTS. */
const eventKeyRowsSql = `SELECT event_key, event_id FROM ${KEYS_EVENTS} WHERE new_key ORDER BY event_key`;

/** d_employee_keys rows of the keys in `keys` (employee_key, employee_id). */
const employeeKeyRowsSql = (keys: string) =>
  `SELECT k.employee_key, k.employee_id, emp.department_id
   FROM ${keys} k LEFT JOIN (SELECT employee_id, any_value(department_id) AS department_id FROM employees GROUP BY employee_id) emp
     ON emp.employee_id = k.employee_id
   ORDER BY k.employee_key`;

/**
 * d_staff rows of the events of KEYS_EVENTS (employee keys from
 * d_employee_keys, which must hold every employee named). Two branches
 * instead of one LEFT JOIN with a condition: only rows without a department
 * probe employees. `onlyKeyed` filters the participations to KEYS_EVENTS early.
 */
const staffRowsSql = (onlyKeyed: boolean) => {
  const f = onlyKeyed ? ` AND p.event_id IN (SELECT event_id FROM ${KEYS_EVENTS})` : '';
  return `WITH pe AS (
     SELECT p.event_id, p.employee_id, p.department_id, p.hours FROM participations p
     WHERE (p.department_id IS NOT NULL OR p.employee_id IS NULL)${f}
     UNION ALL
     SELECT p.event_id, p.employee_id, emp.department_id, p.hours
     FROM participations p LEFT JOIN employees emp ON emp.employee_id = p.employee_id
     WHERE p.department_id IS NULL AND p.employee_id IS NOT NULL${f})
   SELECT k.event_key, ek.employee_key, pe.department_id, k.occurred_on, k.channel, pe.hours
   FROM pe JOIN ${KEYS_EVENTS} k ON k.event_id = pe.event_id
   LEFT JOIN d_employee_keys ek ON ek.employee_id = pe.employee_id
   ORDER BY k.occurred_on, k.event_key`;
};

/** d_event_departments rows of the events of KEYS_EVENTS, from their d_staff rows in `staff`. */
const eventDepartmentRowsSql = (staff: string) =>
  `WITH ed AS (
     SELECT event_key, department_id, sum(hours) AS hours,
            count(employee_key)::INTEGER AS staff_rows, (count(*) - count(employee_key))::INTEGER AS department_rows
     FROM ${staff} GROUP BY event_key, department_id),
   per_event AS (
     SELECT event_key, count(department_id)::INTEGER AS n_departments,
            coalesce(sum(staff_rows + department_rows) FILTER (WHERE department_id IS NOT NULL), 0)::INTEGER AS n_rows,
            min(department_id) AS first_department,
            -- An employee takes part in an event once (the key of participations, kept by every write): rows are people.
            sum(staff_rows)::INTEGER AS n_staff
     FROM ed GROUP BY event_key)
   SELECT e.event_key, ed.department_id, e.occurred_on, date_trunc('month', e.occurred_on)::DATE AS month,
          e.channel, e.program, e.spectrum, e.citizens_reached, e.outcome, e.group_mask,
          coalesce(ed.hours, 0)::DOUBLE AS hours, coalesce(ed.staff_rows, 0)::INTEGER AS staff_rows,
          coalesce(ed.department_rows, 0)::INTEGER AS department_rows,
          coalesce(pv.n_departments, 0)::INTEGER AS n_departments, coalesce(pv.n_rows, 0)::INTEGER AS n_rows,
          coalesce(pv.n_staff, 0)::INTEGER AS n_staff,
          (ed.department_id IS NOT DISTINCT FROM pv.first_department) AS event_row
   FROM ${KEYS_EVENTS} e
   LEFT JOIN ed ON ed.event_key = e.event_key
   LEFT JOIN per_event pv ON pv.event_key = e.event_key
   ORDER BY e.occurred_on, e.event_key, ed.department_id NULLS LAST`;


/** `AND <month> IN (the months of the refresh)` for an incremental refresh, nothing for a full one. */
const monthFilter = (month: string, incremental: boolean) => (incremental ? ` AND ${month} IN (SELECT month FROM ${MONTHS})` : '');

/** d_month_departments rows (all months, or the months of MONTHS). */
const monthDepartmentsRowsSql = (incremental: boolean) =>
  `WITH r AS (SELECT *, staff_rows + department_rows AS n FROM d_event_departments
              WHERE department_id IS NOT NULL${monthFilter('month', incremental)})
   SELECT month, department_id, channel, program, spectrum,
          count(*)::INTEGER AS events, sum(hours)::DOUBLE AS hours, sum(citizens_reached)::BIGINT AS citizens_reached,
          count(*) FILTER (WHERE n_departments > 1)::INTEGER AS cross_events,
          sum(staff_rows)::BIGINT AS staff_rows, sum(department_rows)::BIGINT AS department_rows,
          sum(n * (n - 1) // 2)::BIGINT AS internal_ties, sum(n * (n_rows - n))::BIGINT AS external_ties,
          count(*) FILTER (WHERE event_row)::INTEGER AS first_events,
          coalesce(sum(citizens_reached) FILTER (WHERE event_row), 0)::BIGINT AS first_citizens,
          count(*) FILTER (WHERE event_row AND n_departments > 1)::INTEGER AS first_cross
   FROM r GROUP BY ALL ORDER BY month, department_id, channel, program, spectrum`;

/** d_month_pairs rows: the self-join of the cross-department (event, department) rows. */
const monthPairsRowsSql = (incremental: boolean) =>
  `WITH x AS (SELECT event_key, month, department_id, channel, program FROM d_event_departments
              WHERE n_departments > 1 AND department_id IS NOT NULL${monthFilter('month', incremental)})
   SELECT a.month, a.department_id, b.department_id AS partner_id, a.channel, a.program, count(*)::INTEGER AS events
   FROM x a JOIN x b ON a.event_key = b.event_key AND a.department_id <> b.department_id
   GROUP BY ALL ORDER BY a.month, a.department_id, partner_id`;

/**
 * d_month_staff rows: distinct employees per month per department (grain 1)
 * and per channel (grain 2). Two plain aggregates: a GROUPING SETS of distinct
 * counts costs more than the two.
 */
const monthStaffRowsSql = (incremental: boolean) => {
  const s = `FROM d_staff WHERE employee_key IS NOT NULL AND department_id IS NOT NULL${monthFilter("date_trunc('month', occurred_on)", incremental)}`;
  return `SELECT date_trunc('month', occurred_on)::DATE AS month, department_id, NULL::VARCHAR AS channel, 1::TINYINT AS grain,
          count(DISTINCT employee_key)::INTEGER AS engaged ${s} GROUP BY ALL
   UNION ALL
   SELECT date_trunc('month', occurred_on)::DATE AS month, NULL::VARCHAR AS department_id, channel, 2::TINYINT AS grain,
          count(DISTINCT employee_key)::INTEGER AS engaged ${s} GROUP BY ALL
   ORDER BY month, grain, department_id, channel`;
};

/** d_year_staff rows: distinct employees per year. */
const yearStaffRowsSql = (incremental: boolean) =>
  `SELECT DISTINCT date_trunc('year', occurred_on)::DATE AS year, employee_key FROM d_staff
   WHERE employee_key IS NOT NULL AND department_id IS NOT NULL${
     incremental ? ` AND date_trunc('year', occurred_on) IN (SELECT DISTINCT date_trunc('year', month) FROM ${MONTHS})` : ''
   }
   ORDER BY year, employee_key`;

/** The statements that rebuild the monthly and yearly rollups from d_staff and d_event_departments (also the v3 migration). */
export const ROLLUP_SQL: readonly string[] = [
  `CREATE OR REPLACE TABLE d_month_departments AS ${monthDepartmentsRowsSql(false)}`,
  `CREATE OR REPLACE TABLE d_month_pairs AS ${monthPairsRowsSql(false)}`,
  `CREATE OR REPLACE TABLE d_month_staff AS ${monthStaffRowsSql(false)}`,
  `CREATE OR REPLACE TABLE d_year_staff AS ${yearStaffRowsSql(false)}`,
];

/** Recomputes the rollups of the months in MONTHS (after d_staff and d_event_departments were refreshed). */
const incrementalRollupSql: readonly string[] = [
  ...(['d_month_departments', 'd_month_pairs', 'd_month_staff'] as const).map((t) => `DELETE FROM ${t} WHERE month IN (SELECT month FROM ${MONTHS})`),
  `INSERT INTO d_month_departments ${monthDepartmentsRowsSql(true)}`,
  `INSERT INTO d_month_pairs ${monthPairsRowsSql(true)}`,
  `INSERT INTO d_month_staff ${monthStaffRowsSql(true)}`,
  `DELETE FROM d_year_staff WHERE year IN (SELECT DISTINCT date_trunc('year', month) FROM ${MONTHS})`,
  `INSERT INTO d_year_staff ${yearStaffRowsSql(true)}`,
];

const DROP_TEMP = [GROUPS, KEYS_EVENTS, KEYS_EMPLOYEES, NEW_STAFF, MONTHS].map((t) => `DROP TABLE IF EXISTS ${t}`);

/** The statements of a full rebuild, in order (also the v2 migration). */
export const REFRESH_SQL: readonly string[] = [
  groupsSql(GROUPS),
  eventKeysSql(null),
  `CREATE OR REPLACE TABLE d_event_keys AS ${eventKeyRowsSql}`,
  // Dense keys in employee_id order.
  `CREATE OR REPLACE TEMP TABLE ${KEYS_EMPLOYEES} AS
   SELECT (row_number() OVER (ORDER BY employee_id))::INTEGER AS employee_key, employee_id
   FROM (SELECT DISTINCT employee_id FROM participations WHERE employee_id IS NOT NULL)`,
  `CREATE OR REPLACE TABLE d_employee_keys AS ${employeeKeyRowsSql(KEYS_EMPLOYEES)}`,
  `CREATE OR REPLACE TABLE d_staff AS ${staffRowsSql(false)}`,
  `CREATE OR REPLACE TABLE d_event_departments AS ${eventDepartmentRowsSql('d_staff')}`,
  ...ROLLUP_SQL,
  ...DROP_TEMP,
];

/**
 * The statements of an incremental refresh for the events listed in the temp
 * table `touched` (column event_id): every event whose row or participations
 * changed. Valid only when the write changed nothing else: no event or
 * participation removed, the same stakeholder groups (group_mask bits) — a
 * participations import; or, with d_employee_keys' departments updated first,
 * the events whose rows take a changed employee's department (a staff list,
 * refreshDerivedForEmployees). Their rows are deleted and recomputed by
 * the same SQL as the full rebuild; new events and employees get keys max + 1
 * …, existing keys stay. (The recomputed rows are appended: the tables are
 * then only mostly sorted by date.)
 */
const incrementalSql = (touched: string): string[] => [
  eventKeysSql(touched),
  `INSERT INTO d_event_keys ${eventKeyRowsSql}`,
  `CREATE OR REPLACE TEMP TABLE ${KEYS_EMPLOYEES} AS
   SELECT ((SELECT coalesce(max(employee_key), 0) FROM d_employee_keys) + row_number() OVER (ORDER BY employee_id))::INTEGER AS employee_key, employee_id
   FROM (SELECT DISTINCT employee_id FROM participations
         WHERE employee_id IS NOT NULL AND event_id IN (SELECT event_id FROM ${touched})
           AND employee_id NOT IN (SELECT employee_id FROM d_employee_keys))`,
  `INSERT INTO d_employee_keys ${employeeKeyRowsSql(KEYS_EMPLOYEES)}`,
  `CREATE OR REPLACE TEMP TABLE ${NEW_STAFF} AS ${staffRowsSql(true)}`,
  // The months to roll up again: those the touched events were in, and are in now.
  `CREATE OR REPLACE TEMP TABLE ${MONTHS} AS
   SELECT DISTINCT month FROM d_event_departments WHERE event_key IN (SELECT event_key FROM ${KEYS_EVENTS})
   UNION SELECT DISTINCT date_trunc('month', occurred_on)::DATE FROM ${KEYS_EVENTS}`,
  `DELETE FROM d_staff WHERE event_key IN (SELECT event_key FROM ${KEYS_EVENTS})`,
  `INSERT INTO d_staff SELECT * FROM ${NEW_STAFF}`,
  `DELETE FROM d_event_departments WHERE event_key IN (SELECT event_key FROM ${KEYS_EVENTS})`,
  `INSERT INTO d_event_departments ${eventDepartmentRowsSql(NEW_STAFF)}`,
  ...incrementalRollupSql,
  ...DROP_TEMP,
];

/**
 * Rebuilds every derived table from the base tables. Call it inside the
 * transaction of the write that changed them, after the write. With `temp`,
 * builds them as TEMP tables of this connection instead, from whatever
 * `participations`, `events` and `employees` resolve to there: temp tables
 * shadowing the real ones (the Leadership view of privacy.ts) shadow the
 * derived tables the same way.
 */
export async function refreshDerived(conn: DuckDBConnection, options: { temp?: boolean; onProgress?: RefreshProgress } = {}): Promise<void> {
  await runAll(
    conn,
    options.temp ? REFRESH_SQL.map((sql) => sql.replace(/^CREATE OR REPLACE TABLE (d_\w+) AS/, 'CREATE OR REPLACE TEMP TABLE $1 AS')) : REFRESH_SQL,
    options.onProgress,
  );
}

/** Statements of a refresh run so far, of how many. */
export type RefreshProgress = (done: number, total: number) => void;

/** The first row of a query's result (empty when none). */
async function firstRow(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS()[0] ?? {};
}

/** Whether the derived tables can be refreshed incrementally: d_event_keys exists (v2 files predate it) and holds events. */
async function hasEventKeys(conn: DuckDBConnection): Promise<boolean> {
  const keys = await firstRow(conn, `SELECT count(*) FILTER (WHERE table_name = 'd_event_keys' AND NOT temporary)::INTEGER AS n FROM duckdb_tables()`);
  return Number(keys.n) === 1 && Number((await firstRow(conn, 'SELECT count(*)::BIGINT AS n FROM (SELECT 1 FROM d_event_keys LIMIT 1)')).n) > 0;
}

async function runAll(conn: DuckDBConnection, statements: readonly string[], onProgress?: RefreshProgress): Promise<void> {
  onProgress?.(0, statements.length);
  for (let i = 0; i < statements.length; i++) {
    await conn.run(statements[i]!);
    onProgress?.(i + 1, statements.length);
  }
}

/**
 * Before a write that refreshDerivedFor will follow: notes the stakeholder
 * groups (a change of them renumbers every group_mask bit).
 */
export async function beforeIncrementalRefresh(conn: DuckDBConnection): Promise<void> {
  await conn.run(groupsSql(GROUPS_BEFORE));
}

/**
 * Refreshes the derived tables after a participations import: recomputes
 * only the events in the temp table `touched` (event_id), see incrementalSql.
 * Falls back to the full rebuild when the stakeholder groups changed, when
 * the derived tables are empty (a first import: the full rebuild is cheaper)
 * or predate d_event_keys, or when beforeIncrementalRefresh was not called.
 */
export async function refreshDerivedFor(conn: DuckDBConnection, touched: string, onProgress?: RefreshProgress): Promise<'incremental' | 'full'> {
  const before = await firstRow(conn, `SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = '${GROUPS_BEFORE}' AND temporary`);
  let incremental = Number(before.n) === 1 && (await hasEventKeys(conn));
  if (incremental) {
    await conn.run(groupsSql(GROUPS));
    incremental = (await firstRow(conn, `SELECT (a.groups IS NOT DISTINCT FROM b.groups) AS same FROM ${GROUPS} a, ${GROUPS_BEFORE} b`)).same === true;
  }
  await conn.run(`DROP TABLE IF EXISTS ${GROUPS_BEFORE}`);
  await runAll(conn, incremental ? incrementalSql(touched) : REFRESH_SQL, onProgress);
  return incremental ? 'incremental' : 'full';
}

const CHANGED_EMPLOYEES = 'd_tmp_changed_employees';
const EMPLOYEE_EVENTS = 'd_tmp_employee_events';

/**
 * Refreshes the derived tables after a write to `employees` alone (a staff
 * list imported or undone): d_employee_keys takes the employees' departments
 * again, and the events with a participation whose department comes from an
 * employee whose department changed (participations.department_id NULL) are
 * recomputed by incrementalSql. Nothing else reads employees. Falls back to
 * the full rebuild when the derived tables are empty or predate d_event_keys.
 */
export async function refreshDerivedForEmployees(conn: DuckDBConnection, onProgress?: RefreshProgress): Promise<'incremental' | 'full'> {
  const full = async () => {
    await refreshDerived(conn, { ...(onProgress ? { onProgress } : {}) });
    return 'full' as const;
  };
  if (!(await hasEventKeys(conn))) return full();
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE ${CHANGED_EMPLOYEES} AS
     SELECT k.employee_id, emp.department_id
     FROM d_employee_keys k LEFT JOIN (SELECT employee_id, any_value(department_id) AS department_id FROM employees GROUP BY employee_id) emp
       ON emp.employee_id = k.employee_id
     WHERE k.department_id IS DISTINCT FROM emp.department_id`,
  );
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE ${EMPLOYEE_EVENTS} AS
     SELECT DISTINCT event_id FROM participations
     WHERE department_id IS NULL AND employee_id IN (SELECT employee_id FROM ${CHANGED_EMPLOYEES})`,
  );
  const share = await firstRow(conn, `SELECT (SELECT count(*) FROM ${EMPLOYEE_EVENTS}) / greatest((SELECT count(*) FROM d_event_keys), 1) AS share`);
  // Recomputing most events costs more than rebuilding them all (a first staff list for logs without departments).
  if (Number(share.share) > FULL_REBUILD_SHARE) {
    await conn.run(`DROP TABLE IF EXISTS ${CHANGED_EMPLOYEES}`);
    await conn.run(`DROP TABLE IF EXISTS ${EMPLOYEE_EVENTS}`);
    return full();
  }
  await runAll(
    conn,
    [
      `UPDATE d_employee_keys k SET department_id = c.department_id FROM ${CHANGED_EMPLOYEES} c WHERE k.employee_id = c.employee_id`,
      groupsSql(GROUPS),
      ...incrementalSql(EMPLOYEE_EVENTS),
      `DROP TABLE IF EXISTS ${CHANGED_EMPLOYEES}`,
      `DROP TABLE IF EXISTS ${EMPLOYEE_EVENTS}`,
    ],
    onProgress,
  );
  return 'incremental';
}

/**
 * The refresh after a write to the source tables: a full rebuild when an
 * earlier refresh failed (`alreadyStale`, see markDerivedStale); the
 * employees refresh after a staff list; the events in the temp table `touched`
 * after a participations import; else (rows removed: an undo) a full rebuild.
 */
export function refreshAfterWrite(
  conn: DuckDBConnection,
  write: { kind: string; alreadyStale: boolean; touched?: string },
  onProgress?: RefreshProgress,
): Promise<unknown> {
  if (write.alreadyStale) return refreshDerived(conn, { ...(onProgress ? { onProgress } : {}) });
  if (write.kind === 'employees') return refreshDerivedForEmployees(conn, onProgress);
  if (write.touched) return refreshDerivedFor(conn, write.touched, onProgress);
  return refreshDerived(conn, { ...(onProgress ? { onProgress } : {}) });
}

/** Above this share of all events to recompute, an employees refresh rebuilds everything instead. */
const FULL_REBUILD_SHARE = 0.3;

/** Drops the TEMP derived tables of refreshDerived(conn, { temp: true }). */
export async function dropTempDerived(conn: DuckDBConnection): Promise<void> {
  for (const t of DERIVED_TABLES) await conn.run(`DROP TABLE IF EXISTS temp.${t}`);
}

/** The `settings` key present while the derived tables lag a committed write. */
export const DERIVED_STALE = 'derived_stale';

/**
 * In the transaction of a write to a source table, before its COMMIT: marks
 * the derived tables as lagging it (`why`: what wrote), until
 * commitThenRefresh (or, after a crash, repairDerived) brings them up to date.
 * `alreadyStale`: an earlier refresh failed, so the refresh must be a full one.
 */
export async function markDerivedStale(conn: DuckDBConnection, why: string): Promise<{ alreadyStale: boolean }> {
  // A mark left by a refresh that failed: only a full rebuild clears it.
  const alreadyStale = await isDerivedStale(conn);
  await conn.run(`DELETE FROM settings WHERE key = '${DERIVED_STALE}'`);
  await conn.run(`INSERT INTO settings VALUES ('${DERIVED_STALE}', to_json($1::VARCHAR))`, [why]);
  return { alreadyStale };
}

export async function isDerivedStale(conn: DuckDBConnection): Promise<boolean> {
  return Number((await firstRow(conn, `SELECT count(*)::INTEGER AS n FROM settings WHERE key = '${DERIVED_STALE}'`)).n ?? 0) > 0;
}

/** Refreshes the derived tables in a transaction of their own that clears the stale mark (or leaves both as they were). */
const refreshAndClearMark = (conn: DuckDBConnection, refresh: () => Promise<unknown>) =>
  inTransaction(conn, async () => {
    await refresh();
    await conn.run(`DELETE FROM settings WHERE key = '${DERIVED_STALE}'`);
  });

/** How the refresh after a commit went: the write is committed either way. */
export type RefreshOutcome = { ok: true } | { ok: false; message: string };

export interface CommitThenRefresh {
  /** Keeps the screens' reads waiting from before the COMMIT until the refresh is done (Workspace.holdReads). */
  holdReads(): () => void;
  /** The refresh: refreshDerivedFor, refreshDerivedForEmployees or refreshDerived on the connection. */
  refresh(conn: DuckDBConnection, onProgress: RefreshProgress): Promise<unknown>;
  /** Right after the COMMIT (e.g. report the write, free its temp tables). */
  afterCommit?(): Promise<void> | void;
  onProgress?: RefreshProgress;
}

/**
 * Commits the caller's open transaction (which called markDerivedStale), then
 * refreshes the derived tables in a transaction of their own that clears the
 * mark. Readers of the screens wait from before the COMMIT until the refresh is
 * done, so they never see new rows with old derived tables. A failed COMMIT is
 * rolled back and thrown; a failed refresh is rolled back and returned (the
 * write stays committed, the mark stays, the next open rebuilds them).
 */
export async function commitThenRefresh(conn: DuckDBConnection, how: CommitThenRefresh): Promise<RefreshOutcome> {
  const release = how.holdReads();
  try {
    await commitOrRollback(conn);
    await how.afterCommit?.();
    try {
      await refreshAndClearMark(conn, () => how.refresh(conn, how.onProgress ?? (() => undefined)));
      return { ok: true };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  } finally {
    release();
  }
}

/**
 * On open: rebuilds the derived tables if a write was committed without its
 * refresh (the process ended between the two commits). Returns whether it did.
 */
export async function repairDerived(conn: DuckDBConnection): Promise<boolean> {
  if (!(await isDerivedStale(conn))) return false;
  await refreshAndClearMark(conn, () => refreshDerived(conn));
  return true;
}
