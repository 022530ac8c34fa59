/**
 * Overlap with the workspace, and the commit. A key already present with
 * the same values is left as it is (re-exports of a staff list, the same
 * cross-department event in two departments' logs); with other values it is
 * a conflict: `upsert` replaces the stored row (archived first, so that an
 * undo of the import restores it: replaced.ts), `reject` reports it (and in
 * skip mode keeps the stored row). The writes run in one transaction, opened
 * and closed by the caller.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { KIND_FIELDS, type ImportKind } from '../../common/importApi';
import { archiveReplaced, participationKey } from './replaced';
import { acceptedRows, colSql, EVENT_FIELDS, KEYS, storedOfValue, storedSql, type NormResult } from './validate';

const sqlStr = (s: string) => `'${s.replaceAll("'", "''")}'`;

const TABLE: Record<ImportKind, 'participations' | 'employees' | 'departments' | 'evaluations' | 'administrations'> = {
  participations: 'participations',
  employees: 'employees',
  departments: 'departments',
  evaluations: 'evaluations',
  administrations: 'administrations',
};

const PART_FIELDS = ['event_id', 'employee_id', 'department_id', 'role', 'hours'] as const;

/** SQL: the stored values of an event from its imp_ev row `v`, with defaults for what no row of the event gave. */
function eventValues(norm: NormResult, v: string): Record<(typeof EVENT_FIELDS)[number], string> {
  const col = (f: (typeof EVENT_FIELDS)[number]) => storedOfValue(norm, f, `${v}.${f}`);
  return {
    occurred_on: col('occurred_on'),
    channel: `coalesce(${col('channel')}, 'other')`,
    program: col('program'),
    citizens_reached: `coalesce(${col('citizens_reached')}, 0)`,
    stakeholder_groups: col('stakeholder_groups'),
    outcome: col('outcome'),
    spectrum: col('spectrum'),
  };
}

/** FROM clause of accepted imp_norm rows `n`, with their employee's department `e` when the staff list has rows. */
const partFrom = (norm: NormResult, rows: string) =>
  `${rows} n${norm.staffDepartments && norm.mapped.has('employee_id') ? ' LEFT JOIN imp_emp e ON e.employee_id = n.employee_id' : ''}`;

/** SQL: a participation's department: the file's, else its employee's in the staff list. */
function departmentSql(norm: NormResult): string {
  const own = colSql(norm, 'department_id', 'n');
  return norm.staffDepartments && norm.mapped.has('employee_id') ? `coalesce(${own}, e.department_id)` : own;
}

/** SQL: the stored values of a participation from imp_norm row `n` (see partFrom). */
function participationValues(norm: NormResult): Record<(typeof PART_FIELDS)[number], string> {
  return {
    event_id: 'n.event_id',
    employee_id: colSql(norm, 'employee_id', 'n'),
    department_id: departmentSql(norm),
    role: `coalesce(${storedSql(norm, 'role', 'n')}, 'participant')`,
    hours: norm.mapped.has('hours') ? 'coalesce(n.hours, 0)' : '0',
  };
}

const same = (pairs: [string, string][]) => pairs.map(([a, b]) => `${a} IS NOT DISTINCT FROM ${b}`).join(' AND ') || 'true';

async function isEmpty(conn: DuckDBConnection, table: string): Promise<boolean> {
  return Number((await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM (SELECT 1 FROM ${table} LIMIT 1)`)).getRowObjectsJS()[0]?.n) === 0;
}

/**
 * Finds keys already in the workspace (imp_conf, imp_evconf); with
 * `reject`, adds a problem per conflicting row. Returns the conflicts.
 */
export async function findConflicts(conn: DuckDBConnection, norm: NormResult, onConflict: 'upsert' | 'reject'): Promise<number> {
  const kind = norm.kind;
  let conflicts = 0;
  const rows = acceptedRows(norm);
  if (kind === 'participations') {
    const ev = eventValues(norm, 'v');
    const noEvents = (await isEmpty(conn, 'events')) ? ' WHERE false' : '';
    await conn.run(
      `CREATE TEMP TABLE imp_evconf AS SELECT v.event_id, v.first_rid, e.import_id AS old_import, (${same(EVENT_FIELDS.map((f) => [ev[f], `e.${f}`]))}) AS same
       FROM imp_ev v JOIN events e USING (event_id)${noEvents}`,
    );
    const p = participationValues(norm);
    const noParts = (await isEmpty(conn, 'participations')) ? ' WHERE false' : '';
    await conn.run(
      `CREATE TEMP TABLE imp_conf AS SELECT n.rid, p.import_id AS old_import, (${same((['department_id', 'role', 'hours'] as const).map((f) => [p[f], `p.${f}`]))}) AS same, n.event_id, n.k
       FROM ${partFrom(norm, rows)} JOIN participations p ON p.event_id = n.event_id AND ${participationKey('p')} = n.k${noParts}`,
    );
    if (onConflict === 'reject') {
      const col = sqlStr(norm.columnOf.get('event_id') ?? 'event_id');
      const a = await conn.runAndReadAll(
        `INSERT INTO imp_prob (rid, column_name, value, reason) SELECT n.rid, ${col}, n.event_id,
           'event ' || n.event_id || ' is already in the workspace with other values (import ' || coalesce(c.old_import, 'none') || '); choose upsert to replace it'
         FROM ${rows} n JOIN imp_evconf c USING (event_id) WHERE NOT c.same`,
      );
      const b = await conn.runAndReadAll(
        `INSERT INTO imp_prob (rid, column_name, value, reason) SELECT rid, ${sqlStr(norm.columnOf.get('employee_id') ?? 'employee_id')}, k,
           'participation (' || event_id || ', ' || k || ') is already in the workspace with other values (import ' || coalesce(old_import, 'none') || '); choose upsert to replace it'
         FROM imp_conf WHERE NOT same`,
      );
      conflicts = Number(a.getRowObjectsJS()[0]?.Count ?? 0) + Number(b.getRowObjectsJS()[0]?.Count ?? 0);
    }
    return conflicts;
  }
  const table = TABLE[kind];
  const keys = KEYS[kind];
  const fields = KIND_FIELDS[kind] as readonly string[];
  const none = (await isEmpty(conn, table)) ? ' WHERE false' : '';
  await conn.run(
    `CREATE TEMP TABLE imp_conf AS SELECT n.rid, t.import_id AS old_import, (${same(fields.filter((f) => !keys.includes(f)).map((f) => [storedSql(norm, f, 'n'), `t.${f}`]))}) AS same
     FROM ${rows} n JOIN ${table} t ON ${keys.map((k) => `t.${k} = n.${k}`).join(' AND ')}${none}`,
  );
  if (onConflict === 'reject') {
    const shown = keys.map((k) => `n.${k}`).join(` || ', ' || `);
    const r = await conn.runAndReadAll(
      `INSERT INTO imp_prob (rid, column_name, value, reason) SELECT c.rid, ${sqlStr(norm.columnOf.get(keys[0]!) ?? keys[0]!)}, ${shown},
         '${kind.replace(/s$/, '')} ' || ${shown} || ' is already in the workspace with other values (import ' || coalesce(c.old_import, 'built-in') || '); choose upsert to replace it'
       FROM imp_conf c JOIN ${rows} n USING (rid) WHERE NOT c.same`,
    );
    conflicts = Number(r.getRowObjectsJS()[0]?.Count ?? 0);
  }
  return conflicts;
}

/** Runs a write and returns how many rows it changed. */
export async function changes(conn: DuckDBConnection, sql: string, params: unknown[] = []): Promise<number> {
  const r = await conn.runAndReadAll(sql, params as never);
  return Number(r.getRowObjectsJS()[0]?.Count ?? 0);
}

/** The entries of a count per table that are not zero (what a report lists). */
export const nonZero = (counts: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

export interface Written {
  inserted: Record<string, number>;
  replaced: Record<string, number>;
}

/** Temp table (event_id) left by writeRows of participations: the events inserted or replaced, and those given new participations. */
export const TOUCHED_EVENTS = 'imp_touched_events';

const anySame = async (conn: DuckDBConnection, t: string) =>
  Number((await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${t} WHERE same`)).getRowObjectsJS()[0]?.n ?? 0) > 0;

/**
 * Writes the accepted rows (inside the caller's transaction). Stored rows
 * with other values are replaced only with `upsert` (with `reject` in skip
 * mode, the file's rows were skipped and the stored ones stay).
 */
export async function writeRows(conn: DuckDBConnection, norm: NormResult, importId: string, onConflict: 'upsert' | 'reject'): Promise<Written> {
  const kind = norm.kind;
  const inserted: Record<string, number> = {};
  const replaced: Record<string, number> = {};
  const upsert = onConflict === 'upsert';
  if (kind === 'participations') {
    // Stored rows replaced by the upsert are archived first: undoing this import restores them (replaced.ts).
    if (upsert) {
      await archiveReplaced(conn, 'events', '(SELECT event_id FROM imp_evconf WHERE NOT same)', importId);
      // imp_conf.k is the key already (employee_id, else '#' || department_id): as employee_id it keys the same.
      await archiveReplaced(conn, 'participations', `(SELECT event_id, k AS employee_id, NULL AS department_id FROM imp_conf WHERE NOT same)`, importId);
    }
    replaced.events = upsert ? await changes(conn, 'DELETE FROM events WHERE event_id IN (SELECT event_id FROM imp_evconf WHERE NOT same)') : 0;
    replaced.participations = upsert
      ? await changes(
          conn,
          `DELETE FROM participations p USING (SELECT event_id, k FROM imp_conf WHERE NOT same) c
           WHERE p.event_id = c.event_id AND ${participationKey('p')} = c.k`,
        )
      : 0;
    // In skip mode with `reject`, a conflicting event's rows were all skipped: it is no longer in imp_ev.
    const skipEv = (await anySame(conn, 'imp_evconf')) ? 'WHERE event_id NOT IN (SELECT event_id FROM imp_evconf WHERE same)' : '';
    const ev = eventValues(norm, 'v');
    inserted.events = await changes(
      conn,
      `INSERT INTO events (${EVENT_FIELDS.join(', ')}, event_id, import_id)
       SELECT ${EVENT_FIELDS.map((f) => ev[f]).join(', ')}, event_id, $1 FROM imp_ev v ${skipEv}`,
      [importId],
    );
    const skipP = (await anySame(conn, 'imp_conf')) ? 'AND n.rowid NOT IN (SELECT rid FROM imp_conf WHERE same)' : '';
    const p = participationValues(norm);
    inserted.participations = await changes(
      conn,
      `INSERT INTO participations (${PART_FIELDS.join(', ')}, import_id)
       SELECT ${PART_FIELDS.map((f) => p[f]).join(', ')}, $1 FROM ${partFrom(norm, 'imp_norm')} WHERE n._bits = 0 ${skipP}`,
      [importId],
    );
    // The events whose row or participations the import wrote (for the derived refresh).
    // imp_ev holds the event of every accepted row: unless some events were kept as they were, that is all of them.
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE ${TOUCHED_EVENTS} AS
       SELECT event_id FROM imp_ev ${skipEv}
       ${skipEv ? `UNION SELECT n.event_id FROM imp_norm n WHERE n._bits = 0 ${skipP}` : ''}`,
    );
    return { inserted, replaced };
  }
  const table = TABLE[kind];
  const keys = KEYS[kind];
  const fields = KIND_FIELDS[kind] as readonly string[];
  if (upsert) {
    await archiveReplaced(
      conn,
      table,
      `(SELECT ${keys.map((k) => `n.${k}`).join(', ')} FROM ${acceptedRows(norm)} n JOIN imp_conf c USING (rid) WHERE NOT c.same)`,
      importId,
    );
  }
  replaced[table] = upsert
    ? await changes(
        conn,
        `DELETE FROM ${table} t USING (SELECT n.* FROM ${acceptedRows(norm)} n JOIN imp_conf c USING (rid) WHERE NOT c.same) n
         WHERE ${keys.map((k) => `t.${k} = n.${k}`).join(' AND ')}`,
      )
    : 0;
  const skip = (await anySame(conn, 'imp_conf')) ? 'AND n.rowid NOT IN (SELECT rid FROM imp_conf WHERE same)' : '';
  inserted[table] = await changes(
    conn,
    `INSERT INTO ${table} (${fields.join(', ')}, import_id) SELECT ${fields.map((f) => storedSql(norm, f, 'n')).join(', ')}, $1 FROM imp_norm n WHERE n._bits = 0 ${skip}`,
    [importId],
  );
  return { inserted, replaced };
}

export interface AcceptedStats {
  /** Per field, values filled in by a default, over the accepted rows; and rows with any. */
  defaulted: Record<string, number>;
  rowsDefaulted: number;
  /** References the workspace cannot resolve (logs often arrive before the staff list). */
  warnings: string[];
}

/**
 * Defaults and unresolved references of the accepted rows: one pass for the
 * defaults, and the distinct employees and departments grouped before they
 * are looked up (tens of thousands of values, not millions of rows).
 */
export async function acceptedStats(conn: DuckDBConnection, norm: NormResult): Promise<AcceptedStats> {
  const kind = norm.kind;
  const out: AcceptedStats = { defaulted: {}, rowsDefaulted: 0, warnings: [] };
  const one = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS()[0] ?? {};
  const ok = 'n._bits = 0';
  const fromStaff = kind === 'participations' && norm.staffDepartments && norm.mapped.has('employee_id');
  const unknown = (values: string, table: string, col: string) =>
    one(`SELECT count(*)::BIGINT AS n, list(v ORDER BY v)[1:5] AS ex FROM (${values}) WHERE v IS NOT NULL AND v NOT IN (SELECT ${col} FROM ${table})`);
  let noDepartment = 0;
  if (kind === 'participations') {
    const conds: Record<string, string> = {
      department_id: fromStaff ? `${colSql(norm, 'department_id', 'n')} IS NULL AND e.department_id IS NOT NULL` : 'false',
      role: norm.mapped.has('role') ? 'n.s_role IS NULL' : 'true',
      hours: norm.mapped.has('hours') ? 'n.hours IS NULL' : 'true',
      // Accepted rows: an empty typed value is an empty cell.
      citizens_reached: norm.mapped.has('citizens_reached') ? 'n.citizens_reached IS NULL' : 'true',
      channel: norm.mapped.has('channel') ? 'n.s_channel IS NULL' : 'true',
    };
    const parts = Object.entries(conds).map(([f, c]) => `count(*) FILTER (WHERE ${c})::BIGINT AS ${f}`);
    parts.push(`count(*) FILTER (WHERE ${Object.values(conds).join(' OR ')})::BIGINT AS _rows`);
    parts.push(`count(*) FILTER (WHERE ${colSql(norm, 'employee_id', 'n')} IS NOT NULL AND ${departmentSql(norm)} IS NULL)::BIGINT AS _no_dept`);
    const r = await one(`SELECT ${parts.join(', ')} FROM ${partFrom(norm, 'imp_norm')} WHERE ${ok}`);
    for (const f of Object.keys(conds)) if (Number(r[f] ?? 0) > 0) out.defaulted[f] = Number(r[f]);
    out.rowsDefaulted = Number(r._rows ?? 0);
    noDepartment = Number(r._no_dept ?? 0);
  }
  if ((kind === 'participations' || kind === 'evaluations') && norm.mapped.has('employee_id')) {
    const r = await unknown(`SELECT n.employee_id AS v FROM imp_norm n WHERE ${ok} GROUP BY 1`, 'employees', 'employee_id');
    if (Number(r.n ?? 0) > 0) {
      out.warnings.push(`${Number(r.n)} employee(s) are not in the employees table yet (e.g. ${(r.ex as string[]).join(', ')}); import the staff list to resolve them.`);
    }
  }
  if (kind === 'participations' || kind === 'employees') {
    const own = norm.mapped.has('department_id') ? [`SELECT n.department_id AS v FROM imp_norm n WHERE ${ok} GROUP BY 1`] : [];
    // Rows without a department take their employee's.
    if (fromStaff) {
      own.push(
        `SELECT e.department_id AS v FROM (SELECT n.employee_id FROM imp_norm n WHERE ${ok} AND ${colSql(norm, 'department_id', 'n')} IS NULL GROUP BY 1) x JOIN imp_emp e USING (employee_id)`,
      );
    }
    if (own.length) {
      const r = await unknown(own.join(' UNION '), 'departments', 'department_id');
      if (Number(r.n ?? 0) > 0) out.warnings.push(`${Number(r.n)} department(s) are not in the departments table yet (e.g. ${(r.ex as string[]).join(', ')}).`);
    }
  }
  if (noDepartment > 0) out.warnings.push(`${noDepartment} participation(s) have no department: their employee is not in the staff list and the file gives none.`);
  return out;
}
