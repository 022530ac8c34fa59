/** Handlers of the workspace-level methods: info, sql, cancel. */
import type { ApiResponses, ParsedRequest, TableInfo } from '../common/api';
import { TABLES } from '../common/tables';
import { resultToArrow } from './arrow';
import { prepareReadOnly, sqlFailure } from './readOnlySql';
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
      ws.use('console', async (conn) => {
        const prepared = await prepareReadOnly(conn, req.sql);
        try {
          const result = await prepared.stream();
          return (await resultToArrow(result, { maxRows: req.maxRows ?? SQL_DEFAULT_MAX_ROWS })).bytes;
        } catch (e) {
          throw sqlFailure(e);
        } finally {
          prepared.destroySync();
        }
      }),

    catalog: async (): Promise<ApiResponses['catalog']> =>
      ws.use('read', async (conn) => {
        const rows = async <T>(sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as T[];
        const departments = await rows<ApiResponses['catalog']['departments'][number]>(
          'SELECT department_id, name, name_en, bureau FROM departments ORDER BY department_id',
        );
        const administrations = await rows<ApiResponses['catalog']['administrations'][number]>(
          'SELECT administration_id, name, head, starts_on::VARCHAR AS starts_on, ends_on::VARCHAR AS ends_on FROM administrations ORDER BY starts_on',
        );
        const programs = (await rows<{ p: string }>('SELECT DISTINCT program AS p FROM events WHERE program IS NOT NULL ORDER BY 1')).map((r) => r.p);
        const channels = (await rows<{ c: string }>('SELECT DISTINCT channel AS c FROM events ORDER BY 1')).map((r) => r.c);
        const span = (await rows<{ from: string | null; to: string | null }>('SELECT min(occurred_on)::VARCHAR AS "from", max(occurred_on)::VARCHAR AS "to" FROM events'))[0] ?? { from: null, to: null };
        const bureaus = [...new Set(departments.map((d) => d.bureau).filter((b): b is string => !!b))].sort();
        return { departments, bureaus, channels, programs, administrations, span };
      }),

    // Cancels the SQL console's query (its own lane: the screens' queries go on).
    cancel: async (): Promise<ApiResponses['cancel']> => {
      ws.interrupt('console');
      return { interrupted: true };
    },
  };
}
