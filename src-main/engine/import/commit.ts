/**
 * Overlap with the workspace, and the commit. A key already present with
 * the same values is left as it is (re-exports of a staff list, the same
 * cross-department event in two departments' logs); with other values it is
 * a conflict: `upsert` replaces the stored row, `reject` reports it. The
 * writes run in one transaction, opened and closed by the caller.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { KIND_FIELDS, type ImportKind } from '../../common/importApi';
import { EVENT_FIELDS, KEYS, type NormResult } from './validate';

const sqlStr = (s: string) => `'${s.replaceAll("'", "''")}'`;

const TABLE: Record<ImportKind, string> = {
  participations: 'participations',
  employees: 'employees',
  departments: 'departments',
  evaluations: 'evaluations',
  administrations: 'administrations',
};

const PART_FIELDS = ['event_id', 'employee_id', 'department_id', 'role', 'hours'];
/** Stored event values: defaults for what no row of the event gave. */
const EVENT_VALUES: Record<(typeof EVENT_FIELDS)[number], string> = {
  occurred_on: 'occurred_on',
  channel: "coalesce(channel, 'other')",
  program: 'program',
  citizens_reached: 'coalesce(citizens_reached, 0)',
  stakeholder_groups: 'stakeholder_groups',
  outcome: 'outcome',
  spectrum: 'spectrum',
};

const same = (a: string, b: string, fields: readonly string[]) => fields.map((f) => `${a}.${f} IS NOT DISTINCT FROM ${b}.${f}`).join(' AND ') || 'true';

/**
 * Finds keys already in the workspace (imp_conf, imp_evconf); with
 * `reject`, adds a problem per conflicting row. Returns the conflicts.
 */
export async function findConflicts(conn: DuckDBConnection, kind: ImportKind, norm: NormResult, onConflict: 'upsert' | 'reject'): Promise<number> {
  let conflicts = 0;
  if (kind === 'participations') {
    const ev = `(SELECT event_id, first_row, ${EVENT_FIELDS.map((f) => `${EVENT_VALUES[f]} AS ${f}`).join(', ')} FROM imp_ev)`;
    await conn.run(
      `CREATE TEMP TABLE imp_evconf AS SELECT v.event_id, v.first_row, e.import_id AS old_import, (${same('v', 'e', EVENT_FIELDS)}) AS same
       FROM ${ev} v JOIN events e USING (event_id)`,
    );
    await conn.run(
      `CREATE TEMP TABLE imp_conf AS SELECT n._row, p.import_id AS old_import, (${same('n', 'p', ['department_id', 'role', 'hours'])}) AS same, n.event_id, n.k
       FROM imp_norm n JOIN participations p ON p.event_id = n.event_id AND coalesce(p.employee_id, '#' || p.department_id) = n.k
       WHERE NOT n._bad`,
    );
    if (onConflict === 'reject') {
      const col = sqlStr(norm.columnOf.get('event_id') ?? 'event_id');
      const a = await conn.runAndReadAll(
        `INSERT INTO imp_prob SELECT n._row, ${col}, n.event_id,
           'event ' || n.event_id || ' is already in the workspace with other values (import ' || coalesce(c.old_import, 'none') || '); choose upsert to replace it'
         FROM imp_norm n JOIN imp_evconf c USING (event_id) WHERE NOT c.same AND NOT n._bad`,
      );
      const b = await conn.runAndReadAll(
        `INSERT INTO imp_prob SELECT _row, ${sqlStr(norm.columnOf.get('employee_id') ?? 'employee_id')}, k,
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
  await conn.run(
    `CREATE TEMP TABLE imp_conf AS SELECT n._row, t.import_id AS old_import, (${same('n', 't', fields.filter((f) => !keys.includes(f)))}) AS same
     FROM imp_norm n JOIN ${table} t ON ${keys.map((k) => `t.${k} = n.${k}`).join(' AND ')} WHERE NOT n._bad`,
  );
  if (onConflict === 'reject') {
    const shown = keys.map((k) => `n.${k}`).join(` || ', ' || `);
    const r = await conn.runAndReadAll(
      `INSERT INTO imp_prob SELECT c._row, ${sqlStr(norm.columnOf.get(keys[0]!) ?? keys[0]!)}, ${shown},
         '${kind.replace(/s$/, '')} ' || ${shown} || ' is already in the workspace with other values (import ' || coalesce(c.old_import, 'built-in') || '); choose upsert to replace it'
       FROM imp_conf c JOIN imp_norm n USING (_row) WHERE NOT c.same`,
    );
    conflicts = Number(r.getRowObjectsJS()[0]?.Count ?? 0);
  }
  return conflicts;
}

async function changes(conn: DuckDBConnection, sql: string, params: unknown[] = []): Promise<number> {
  const r = await conn.runAndReadAll(sql, params as never);
  return Number(r.getRowObjectsJS()[0]?.Count ?? 0);
}

export interface Written {
  inserted: Record<string, number>;
  replaced: Record<string, number>;
}

/** Temp table (event_id) left by writeRows of participations: the events inserted or replaced, and those given new participations. */
export const TOUCHED_EVENTS = 'imp_touched_events';

/** Writes the accepted rows (inside the caller's transaction). */
export async function writeRows(conn: DuckDBConnection, kind: ImportKind, importId: string): Promise<Written> {
  const inserted: Record<string, number> = {};
  const replaced: Record<string, number> = {};
  const anySame = async (t: string) => Number((await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${t} WHERE same`)).getRowObjectsJS()[0]?.n ?? 0) > 0;
  if (kind === 'participations') {
    replaced.events = await changes(conn, 'DELETE FROM events WHERE event_id IN (SELECT event_id FROM imp_evconf WHERE NOT same)');
    replaced.participations = await changes(
      conn,
      `DELETE FROM participations p USING (SELECT event_id, k FROM imp_conf WHERE NOT same) c
       WHERE p.event_id = c.event_id AND coalesce(p.employee_id, '#' || p.department_id) = c.k`,
    );
    const skipEv = (await anySame('imp_evconf')) ? 'WHERE event_id NOT IN (SELECT event_id FROM imp_evconf WHERE same)' : '';
    inserted.events = await changes(
      conn,
      `INSERT INTO events (${EVENT_FIELDS.join(', ')}, event_id, import_id)
       SELECT ${EVENT_FIELDS.map((f) => EVENT_VALUES[f]).join(', ')}, event_id, $1 FROM imp_ev ${skipEv}`,
      [importId],
    );
    const skipP = (await anySame('imp_conf')) ? 'AND _row NOT IN (SELECT _row FROM imp_conf WHERE same)' : '';
    inserted.participations = await changes(
      conn,
      `INSERT INTO participations (${PART_FIELDS.join(', ')}, import_id) SELECT ${PART_FIELDS.join(', ')}, $1 FROM imp_norm WHERE NOT _bad ${skipP}`,
      [importId],
    );
    // The events whose row or participations the import wrote (for the derived refresh).
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE ${TOUCHED_EVENTS} AS
       SELECT event_id FROM imp_ev ${skipEv}
       UNION SELECT event_id FROM imp_norm WHERE NOT _bad ${skipP}`,
    );
    return { inserted, replaced };
  }
  const table = TABLE[kind];
  const keys = KEYS[kind];
  const fields = KIND_FIELDS[kind] as readonly string[];
  replaced[table] = await changes(
    conn,
    `DELETE FROM ${table} t USING (SELECT n.* FROM imp_norm n JOIN imp_conf c USING (_row) WHERE NOT c.same) n
     WHERE ${keys.map((k) => `t.${k} = n.${k}`).join(' AND ')}`,
  );
  const skip = (await anySame('imp_conf')) ? 'AND _row NOT IN (SELECT _row FROM imp_conf WHERE same)' : '';
  inserted[table] = await changes(
    conn,
    `INSERT INTO ${table} (${fields.join(', ')}, import_id) SELECT ${fields.join(', ')}, $1 FROM imp_norm WHERE NOT _bad ${skip}`,
    [importId],
  );
  return { inserted, replaced };
}

/** Per field, values filled in by a default, over the accepted rows; and rows with any. */
export async function defaultedCounts(conn: DuckDBConnection, kind: ImportKind): Promise<{ perField: Record<string, number>; rows: number }> {
  if (kind !== 'participations') return { perField: {}, rows: 0 };
  const conds: Record<string, string> = {
    department_id: 'd_department_id',
    role: 'd_role',
    hours: 'd_hours',
    citizens_reached: 'r_citizens_reached IS NULL',
    channel: 'r_channel IS NULL',
  };
  const parts = Object.entries(conds).map(([f, c]) => `count(*) FILTER (WHERE ${c})::BIGINT AS ${f}`);
  const any = Object.values(conds).join(' OR ');
  const row = (await conn.runAndReadAll(`SELECT ${parts.join(', ')}, count(*) FILTER (WHERE ${any})::BIGINT AS _rows FROM imp_norm WHERE NOT _bad`)).getRowObjectsJS()[0] ?? {};
  const perField: Record<string, number> = {};
  for (const f of Object.keys(conds)) if (Number(row[f] ?? 0) > 0) perField[f] = Number(row[f]);
  return { perField, rows: Number(row._rows ?? 0) };
}

/** Warnings about references the workspace cannot resolve (logs often arrive before the staff list). */
export async function referenceWarnings(conn: DuckDBConnection, kind: ImportKind): Promise<string[]> {
  if (kind !== 'participations' && kind !== 'employees' && kind !== 'evaluations') return [];
  const warnings: string[] = [];
  const q = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS()[0] ?? {};
  if (kind !== 'employees') {
    const r = await q(
      `SELECT count(DISTINCT n.employee_id)::BIGINT AS n, list(DISTINCT n.employee_id)[1:5] AS ex FROM imp_norm n
       WHERE NOT n._bad AND n.employee_id IS NOT NULL AND n.employee_id NOT IN (SELECT employee_id FROM employees)`,
    );
    if (Number(r.n) > 0) warnings.push(`${Number(r.n)} employee(s) are not in the employees table yet (e.g. ${(r.ex as string[]).join(', ')}); import the staff list to resolve them.`);
  }
  if (kind !== 'evaluations') {
    const r = await q(
      `SELECT count(DISTINCT n.department_id)::BIGINT AS n, list(DISTINCT n.department_id)[1:5] AS ex FROM imp_norm n
       WHERE NOT n._bad AND n.department_id IS NOT NULL AND n.department_id NOT IN (SELECT department_id FROM departments)`,
    );
    if (Number(r.n) > 0) warnings.push(`${Number(r.n)} department(s) are not in the departments table yet (e.g. ${(r.ex as string[]).join(', ')}).`);
  }
  if (kind === 'participations') {
    const r = await q(`SELECT count(*)::BIGINT AS n FROM imp_norm WHERE NOT _bad AND employee_id IS NOT NULL AND department_id IS NULL`);
    if (Number(r.n) > 0) warnings.push(`${Number(r.n)} participation(s) have no department: their employee is not in the staff list and the file gives none.`);
  }
  return warnings;
}
