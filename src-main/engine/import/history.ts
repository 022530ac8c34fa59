/**
 * Import history: the `imports` table, and undo. Undo removes every row
 * carrying the import's `import_id`, in one transaction, and puts back the
 * stored rows the import replaced by upsert (replaced.ts). An event of this
 * import that participations of another import still refer to (the same
 * event in two departments' logs) is kept and handed to that import.
 */
import type { ApiResponses } from '../../common/api';
import type { UndoResult } from '../../common/importApi';
import { SotongError } from '../../common/result';
import { resultToArrow } from '../arrow';
import { commitThenRefresh, markDerivedStale, refreshAfterWrite, refreshesDerived } from '../derived';
import type { Workspace } from '../workspace';
import { changes, nonZero } from './commit';
import { replacedTable, restoreReplaced } from './replaced';
import { commitOrRollback, rollback } from '../transaction';

const DATA_TABLES = ['participations', 'events', 'employees', 'departments', 'evaluations', 'administrations'] as const;

export async function listImports(ws: Workspace): Promise<ApiResponses['listImports']> {
  return ws.use('read', async (conn) => {
    const result = await conn.stream(
      `SELECT import_id, source_name, sha256, format, kind, rows_read::BIGINT AS rows_read, rows_accepted::BIGINT AS rows_accepted,
              rows_rejected::BIGINT AS rows_rejected, strftime(imported_at, '%Y-%m-%dT%H:%M:%S') AS imported_at
       FROM imports ORDER BY imported_at, import_id`,
    );
    return (await resultToArrow(result)).bytes;
  });
}

export async function undoImport(ws: Workspace, importId: string): Promise<UndoResult> {
  ws.assertWritable();
  return ws.use('write', async (conn) => {
    const found = await conn.runAndReadAll('SELECT count(*)::BIGINT AS n, any_value(kind) AS kind FROM imports WHERE import_id = $1', [importId]);
    const kind = String(found.getRowObjectsJS()[0]?.kind ?? '');
    if (Number(found.getRowObjectsJS()[0]?.n ?? 0) === 0) throw new SotongError('NOT_FOUND', `No import ${importId} in this workspace (see "imports" for the list).`);
    const count = (sql: string) => changes(conn, sql, [importId]);
    await conn.run('BEGIN TRANSACTION');
    const removed: Record<string, number> = {};
    const restored: Record<string, number> = {};
    let kept: number;
    let stale = { alreadyStale: false };
    try {
      removed.participations = await count('DELETE FROM participations WHERE import_id = $1');
      restored.participations = await restoreReplaced(conn, 'participations', importId);
      // An event this import replaced by upsert gets its stored version back, before anything else is decided about it.
      const reverted = await count(
        `DELETE FROM events WHERE import_id = $1 AND event_id IN (SELECT event_id FROM ${replacedTable('events')} WHERE replaced_by = $1)`,
      );
      restored.events = await restoreReplaced(conn, 'events', importId);
      kept = await count(
        `UPDATE events e SET import_id = o.owner
         FROM (SELECT event_id, min(import_id) AS owner FROM participations WHERE import_id IS DISTINCT FROM $1 GROUP BY event_id) o
         WHERE e.import_id = $1 AND e.event_id = o.event_id`,
      );
      for (const t of DATA_TABLES.slice(1)) {
        removed[t] = await count(`DELETE FROM ${t} WHERE import_id = $1`);
        if (t !== 'events') restored[t] = await restoreReplaced(conn, t, importId);
      }
      removed.events = (removed.events ?? 0) + reverted;
      removed.imports = await count('DELETE FROM imports WHERE import_id = $1');
      await conn.run(
        "INSERT INTO audit_log VALUES (current_timestamp::TIMESTAMP, 'undo_import', to_json({'import_id': $1::VARCHAR}))",
        [importId],
      );
      // The metric engines read the derived tables: rebuilt after the commit, the screens' reads waiting.
      if (refreshesDerived(kind)) stale = await markDerivedStale(conn, `undo ${importId}`);
    } catch (e) {
      await rollback(conn);
      throw e;
    }
    const result: UndoResult = { import_id: importId, removed, restored: nonZero(restored), events_kept: kept };
    if (!refreshesDerived(kind)) {
      await commitOrRollback(conn);
      return result;
    }
    // Removed participations and events need the full rebuild; a staff list only its employees' events.
    const outcome = await commitThenRefresh(conn, {
      holdReads: () => ws.holdReads(),
      refresh: (c, onProgress) => refreshAfterWrite(c, { kind, alreadyStale: stale.alreadyStale }, onProgress),
    });
    return outcome.ok
      ? result
      : { ...result, warning: `The import was undone, but the summaries the screens read could not be updated (${outcome.message}). They are rebuilt when the workspace is next opened.` };
  });
}
