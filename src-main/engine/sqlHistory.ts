/**
 * The console's history (the last SQL_HISTORY_MAX queries, newest first, a
 * re-run moves a query to the top) and named saved queries, stored in the
 * workspace's `settings` table as JSON (keys `sql_history`, `sql_saved:<name>`),
 * so they travel with the workspace file without a schema migration.
 */
import { SotongError } from '../common/result';
import { SQL_HISTORY_MAX, type SqlHistoryEntry, type SqlSavedQuery } from '../common/sqlApi';
import type { Workspace } from './workspace';
import { inTransaction } from './transaction';

const HISTORY_KEY = 'sql_history';
const SAVED_PREFIX = 'sql_saved:';

/** History writes run behind the page that triggered them; reads wait for them. */
const pending = new WeakMap<Workspace, Promise<unknown>>();

async function readJson<T>(ws: Workspace, key: string): Promise<T | undefined> {
  return ws.use('read', async (conn) => {
    const r = await conn.runAndReadAll('SELECT value::VARCHAR AS v FROM settings WHERE key = $1 LIMIT 1', [key]);
    const v = r.getRowObjectsJS()[0]?.v;
    return typeof v === 'string' ? (JSON.parse(v) as T) : undefined;
  });
}

/** Replaces one settings key's JSON value, in a transaction of the write lane. */
async function writeJson(ws: Workspace, key: string, value: unknown | undefined, read?: (current: unknown) => unknown): Promise<void> {
  await ws.use('write', async (conn) => {
    await inTransaction(conn, async () => {
      let next = value;
      if (read) {
        const r = await conn.runAndReadAll('SELECT value::VARCHAR AS v FROM settings WHERE key = $1 LIMIT 1', [key]);
        const v = r.getRowObjectsJS()[0]?.v;
        next = read(typeof v === 'string' ? JSON.parse(v) : undefined);
      }
      await conn.run('DELETE FROM settings WHERE key = $1', [key]);
      if (next !== undefined) await conn.run('INSERT INTO settings VALUES ($1, $2::JSON)', [key, JSON.stringify(next)]);
    });
  });
}

/** Adds a query to the history (not awaited by the page; a read-only workspace keeps none). */
export function recordHistory(ws: Workspace, sql: string): void {
  if (ws.readOnly) return;
  const text = sql.trim();
  const at = new Date().toISOString();
  const write = writeJson(ws, HISTORY_KEY, undefined, (current) => {
    const list = Array.isArray(current) ? (current as SqlHistoryEntry[]) : [];
    return [{ sql: text, at }, ...list.filter((e) => e.sql !== text)].slice(0, SQL_HISTORY_MAX);
  }).catch(() => undefined);
  pending.set(ws, Promise.all([pending.get(ws), write]));
}

export async function sqlHistory(ws: Workspace): Promise<{ entries: SqlHistoryEntry[] }> {
  await pending.get(ws);
  const list = await readJson<SqlHistoryEntry[]>(ws, HISTORY_KEY);
  return { entries: Array.isArray(list) ? list : [] };
}

export async function sqlSaved(ws: Workspace): Promise<{ saved: SqlSavedQuery[] }> {
  return ws.use('read', async (conn) => {
    const r = await conn.runAndReadAll('SELECT key, value::VARCHAR AS v FROM settings WHERE starts_with(key, $1) ORDER BY key', [SAVED_PREFIX]);
    const saved = r.getRowObjectsJS().map((row) => {
      const v = JSON.parse(String(row.v)) as { sql: string; savedAt: string };
      return { name: String(row.key).slice(SAVED_PREFIX.length), sql: v.sql, savedAt: v.savedAt };
    });
    return { saved };
  });
}

export async function sqlSave(ws: Workspace, name: string, sql: string): Promise<{ saved: SqlSavedQuery[] }> {
  ws.assertWritable();
  await writeJson(ws, SAVED_PREFIX + name, { sql: sql.trim(), savedAt: new Date().toISOString() });
  return sqlSaved(ws);
}

export async function sqlDeleteSaved(ws: Workspace, name: string): Promise<{ saved: SqlSavedQuery[] }> {
  ws.assertWritable();
  const before = await sqlSaved(ws);
  if (!before.saved.some((s) => s.name === name)) throw new SotongError('NOT_FOUND', `There is no saved query named "${name}".`, { field: 'name' });
  await writeJson(ws, SAVED_PREFIX + name, undefined);
  return sqlSaved(ws);
}
