/**
 * Rows an upsert replaced, kept so that undoing the import that replaced them
 * puts them back (schema v4: one `replaced_<table>` per data table, its
 * columns plus `replaced_by`, the import that replaced the row).
 *
 * - An upsert copies each stored row it is about to replace (archiveReplaced).
 * - Undoing import X (history.ts), after X's own rows are deleted: the rows X
 *   replaced come back where their key is free; where a later import's row
 *   holds the key, they are handed to that import (its undo restores them).
 *   Rows of X that a later import replaced are dropped from the archive: with
 *   X undone, nothing should bring them back.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export const ARCHIVED_TABLES = ['departments', 'employees', 'events', 'participations', 'evaluations', 'administrations'] as const;
export type ArchivedTable = (typeof ARCHIVED_TABLES)[number];

export const replacedTable = (table: ArchivedTable): string => `replaced_${table}`;

/** The v4 migration: an empty archive per data table, with its columns. */
export const ARCHIVE_SQL: readonly string[] = ARCHIVED_TABLES.map(
  (t) => `CREATE TABLE ${replacedTable(t)} AS SELECT *, NULL::VARCHAR AS replaced_by FROM ${t} WHERE false`,
);

/** SQL: a stored participation's key within its event, under alias `a`: its employee, or '#' and its department for a department-level row. */
export const participationKey = (a: string): string => `coalesce(${a}.employee_id, '#' || ${a}.department_id)`;

/** SQL: the key of a row of `table` under alias `a`. */
function keySql(table: ArchivedTable, a: string): string[] {
  switch (table) {
    case 'participations':
      return [`${a}.event_id`, participationKey(a)];
    case 'events':
      return [`${a}.event_id`];
    case 'employees':
      return [`${a}.employee_id`];
    case 'departments':
      return [`${a}.department_id`];
    case 'evaluations':
      return [`${a}.employee_id`, `${a}.period`];
    case 'administrations':
      return [`${a}.administration_id`];
  }
}

const sameKey = (table: ArchivedTable, a: string, b: string) =>
  keySql(table, a)
    .map((k, i) => `${k} = ${keySql(table, b)[i]}`)
    .join(' AND ');

/**
 * Before an upsert deletes stored rows: copies the rows of `table` that the
 * FROM item `replaced` (rows with the table's columns, alias-free) names by
 * key into the archive, as replaced by `importId`.
 */
export async function archiveReplaced(conn: DuckDBConnection, table: ArchivedTable, replaced: string, importId: string): Promise<void> {
  await conn.run(
    `INSERT INTO ${replacedTable(table)} SELECT t.*, $1 FROM ${table} t WHERE EXISTS (SELECT 1 FROM ${replaced} r WHERE ${sameKey(table, 't', 'r')})`,
    [importId],
  );
}

/**
 * In the transaction of an undo of `importId`, after its rows were deleted
 * from `table`: restores the rows it replaced (see the module comment).
 * Returns how many came back.
 */
export async function restoreReplaced(conn: DuckDBConnection, table: ArchivedTable, importId: string): Promise<number> {
  const archive = replacedTable(table);
  // Keys a later import holds: its undo will restore them (a built-in row, import_id NULL, is never undone).
  await conn.run(
    `UPDATE ${archive} r SET replaced_by = t.import_id FROM ${table} t WHERE r.replaced_by = $1 AND ${sameKey(table, 'r', 't')}`,
    [importId],
  );
  await conn.run(`DELETE FROM ${archive} WHERE replaced_by IS NULL`);
  const restored = await conn.runAndReadAll(`INSERT INTO ${table} SELECT * EXCLUDE (replaced_by) FROM ${archive} WHERE replaced_by = $1`, [importId]);
  await conn.run(`DELETE FROM ${archive} WHERE replaced_by = $1 OR import_id = $1`, [importId]);
  return Number(restored.getRowObjectsJS()[0]?.Count ?? 0);
}
