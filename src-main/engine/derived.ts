/**
 * Derived tables: compact, integer-keyed, date-sorted facts that the metric
 * engines (departments, continuity, evaluation) read instead of joining
 * `participations` ⋈ `events` on VARCHAR keys over millions of rows per call.
 *
 * They are a pure function of the base tables (participations, events,
 * employees) and are rebuilt in the same transaction as every write that
 * changes those tables (import commit, undo, demo generation, and the v2
 * schema migration of an existing file), so readers never see them stale.
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
 * d_staff — one row per participation, sorted by (occurred_on, event_key):
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
 *   employee_key INTEGER (dense, in employee_id order), employee_id, and
 *   department_id (employees.department_id; NULL when not in employees). The
 *   identity map of the keys: no occurred_on or channel.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export const DERIVED_TABLES = ['d_staff', 'd_event_departments', 'd_employee_keys'] as const;
export type DerivedTable = (typeof DERIVED_TABLES)[number];

/** The base tables the derived tables are computed from: a write to any other table needs no refresh. */
export const DERIVED_SOURCES = ['participations', 'events', 'employees'] as const;

/** Import kinds (and the demo) that write a source table. */
export const refreshesDerived = (kind: string): boolean => kind === 'participations' || kind === 'employees' || kind === 'demo';

/** Stakeholder groups get a bit each in group_mask up to this many distinct groups. */
export const MAX_GROUP_BITS = 64;

const KEYS_EVENTS = 'd_tmp_event_keys';
const KEYS_EMPLOYEES = 'd_tmp_employee_keys';

/** The statements of a full rebuild, in order (also the v2 migration). */
export const REFRESH_SQL: readonly string[] = [
  // Dense keys. Events: any order (the tables are sorted by date, not by key).
  // group_mask: bit i = the i-th stakeholder group (sorted) of all events; NULL past 64 groups.
  `CREATE OR REPLACE TEMP TABLE ${KEYS_EVENTS} AS
   WITH all_groups AS (
     SELECT list(g ORDER BY g) AS groups, count(*) AS n FROM (SELECT DISTINCT unnest(stakeholder_groups) AS g FROM events) WHERE g IS NOT NULL)
   SELECT (row_number() OVER ())::INTEGER AS event_key, e.event_id, e.occurred_on, e.channel, e.program, e.spectrum, e.citizens_reached, e.outcome,
          CASE WHEN ag.n <= ${MAX_GROUP_BITS} THEN coalesce(list_aggregate(list_transform(
            list_filter(e.stakeholder_groups, g -> g IS NOT NULL),
            g -> (1::UBIGINT << (list_position(ag.groups, g) - 1)::UBIGINT)), 'bit_or'), 0::UBIGINT) END AS group_mask
   FROM events e CROSS JOIN all_groups ag`,
  `CREATE OR REPLACE TEMP TABLE ${KEYS_EMPLOYEES} AS
   SELECT (row_number() OVER (ORDER BY employee_id))::INTEGER AS employee_key, employee_id
   FROM (SELECT DISTINCT employee_id FROM participations WHERE employee_id IS NOT NULL)`,
  `CREATE OR REPLACE TABLE d_employee_keys AS
   SELECT k.employee_key, k.employee_id, emp.department_id
   FROM ${KEYS_EMPLOYEES} k LEFT JOIN (SELECT employee_id, any_value(department_id) AS department_id FROM employees GROUP BY employee_id) emp
     ON emp.employee_id = k.employee_id
   ORDER BY k.employee_key`,
  // Two branches instead of one LEFT JOIN with a condition: only rows without a
  // department probe employees.
  `CREATE OR REPLACE TABLE d_staff AS
   WITH pe AS (
     SELECT event_id, employee_id, department_id, hours FROM participations
     WHERE department_id IS NOT NULL OR employee_id IS NULL
     UNION ALL
     SELECT p.event_id, p.employee_id, emp.department_id, p.hours
     FROM participations p LEFT JOIN employees emp ON emp.employee_id = p.employee_id
     WHERE p.department_id IS NULL AND p.employee_id IS NOT NULL)
   SELECT k.event_key, ek.employee_key, pe.department_id, k.occurred_on, k.channel, pe.hours
   FROM pe JOIN ${KEYS_EVENTS} k ON k.event_id = pe.event_id
   LEFT JOIN ${KEYS_EMPLOYEES} ek ON ek.employee_id = pe.employee_id
   ORDER BY k.occurred_on, k.event_key`,
  `CREATE OR REPLACE TABLE d_event_departments AS
   WITH ed AS (
     SELECT event_key, department_id, sum(hours) AS hours,
            count(employee_key)::INTEGER AS staff_rows, (count(*) - count(employee_key))::INTEGER AS department_rows
     FROM d_staff GROUP BY event_key, department_id),
   per_event AS (
     SELECT event_key, count(department_id)::INTEGER AS n_departments,
            coalesce(sum(staff_rows + department_rows) FILTER (WHERE department_id IS NOT NULL), 0)::INTEGER AS n_rows,
            min(department_id) AS first_department
     FROM ed GROUP BY event_key),
   staff AS (SELECT event_key, count(DISTINCT employee_key)::INTEGER AS n_staff FROM d_staff GROUP BY event_key)
   SELECT e.event_key, ed.department_id, e.occurred_on, date_trunc('month', e.occurred_on)::DATE AS month,
          e.channel, e.program, e.spectrum, e.citizens_reached, e.outcome, e.group_mask,
          coalesce(ed.hours, 0)::DOUBLE AS hours, coalesce(ed.staff_rows, 0)::INTEGER AS staff_rows,
          coalesce(ed.department_rows, 0)::INTEGER AS department_rows,
          coalesce(pv.n_departments, 0)::INTEGER AS n_departments, coalesce(pv.n_rows, 0)::INTEGER AS n_rows,
          coalesce(st.n_staff, 0)::INTEGER AS n_staff,
          (ed.department_id IS NOT DISTINCT FROM pv.first_department) AS event_row
   FROM ${KEYS_EVENTS} e
   LEFT JOIN ed ON ed.event_key = e.event_key
   LEFT JOIN per_event pv ON pv.event_key = e.event_key
   LEFT JOIN staff st ON st.event_key = e.event_key
   ORDER BY e.occurred_on, e.event_key, ed.department_id NULLS LAST`,
  `DROP TABLE IF EXISTS ${KEYS_EVENTS}`,
  `DROP TABLE IF EXISTS ${KEYS_EMPLOYEES}`,
];

/**
 * Rebuilds every derived table from the base tables. Call it inside the
 * transaction of the write that changed them, after the write. With `temp`,
 * builds them as TEMP tables of this connection instead, from whatever
 * `participations`, `events` and `employees` resolve to there: temp tables
 * shadowing the real ones (the Leadership view of privacy.ts) shadow the
 * derived tables the same way.
 */
export async function refreshDerived(conn: DuckDBConnection, options: { temp?: boolean } = {}): Promise<void> {
  for (const sql of REFRESH_SQL) {
    await conn.run(options.temp ? sql.replace(/^CREATE OR REPLACE TABLE (d_\w+) AS/, 'CREATE OR REPLACE TEMP TABLE $1 AS') : sql);
  }
}

/** Drops the TEMP derived tables of refreshDerived(conn, { temp: true }). */
export async function dropTempDerived(conn: DuckDBConnection): Promise<void> {
  for (const t of DERIVED_TABLES) await conn.run(`DROP TABLE IF EXISTS temp.${t}`);
}
