/** Handlers of the workspace-level methods: info, sql, cancel. */
import type { ApiResponses, ParsedRequest, TableInfo } from '../common/api';
import { SotongError } from '../common/result';
import { TABLES } from '../common/tables';
import { resultToArrow } from './arrow';
import { prepareReadOnly } from './readOnlySql';
import type { Workspace } from './workspace';

/** Default cap of rows a console query returns to the UI. */
export const SQL_DEFAULT_MAX_ROWS = 10_000;

export function coreHandlers(ws: Workspace) {
  return {
    info: async (): Promise<ApiResponses['info']> => {
      const tables: TableInfo[] = await ws.use('read', async (conn) => {
        const rows: TableInfo[] = [];
        for (const name of TABLES) {
          // Table names come from the TABLES whitelist, never from input.
          const r = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM "${name}"`);
          rows.push({ name, rows: Number(r.getRowObjectsJS()[0]?.n ?? 0) });
        }
        return rows;
      });
      return {
        path: ws.path,
        schemaVersion: ws.schemaVersion,
        readOnly: ws.readOnly,
        ...(ws.readOnlyReason ? { readOnlyReason: ws.readOnlyReason } : {}),
        tables,
      };
    },

    sql: async (req: ParsedRequest<'sql'>): Promise<ApiResponses['sql']> =>
      ws.use('read', async (conn) => {
        const prepared = await prepareReadOnly(conn, req.sql);
        try {
          const result = await prepared.stream();
          return (await resultToArrow(result, { maxRows: req.maxRows ?? SQL_DEFAULT_MAX_ROWS })).bytes;
        } catch (e) {
          if (e instanceof SotongError) throw e;
          const msg = (e as Error).message;
          if (/interrupt/i.test(msg)) throw new SotongError('CANCELLED', 'Cancelled: the query was interrupted.');
          if (/^Permission Error/.test(msg)) {
            throw new SotongError('SQL_REFUSED', `Queries cannot read or write files outside the workspace (read_csv, read_text, glob, COPY, ATTACH…): ${msg}`);
          }
          throw new SotongError('SQL_ERROR', msg);
        } finally {
          prepared.destroySync();
        }
      }),

    cancel: async (): Promise<ApiResponses['cancel']> => {
      ws.interrupt('read');
      return { interrupted: true };
    },
  };
}
