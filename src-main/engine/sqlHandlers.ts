/** Handlers of the SQL console methods (see common/sqlApi.ts); the logic is in sqlConsole, sqlExport and sqlHistory. */
import type { SqlResponses } from '../common/sqlApi';
import type { FeatureHandlers } from './handlers';
import { createConsoleViews, sqlChart, sqlComplete, sqlCount, sqlPage, sqlSchema } from './sqlConsole';
import { sqlExport } from './sqlExport';
import { recordHistory, sqlDeleteSaved, sqlHistory, sqlSave, sqlSaved } from './sqlHistory';
import type { Workspace } from './workspace';

export function sqlHandlers(ws: Workspace): FeatureHandlers<SqlResponses> {
  // The researchers' views, as TEMP views of the console connection: queued first
  // on the console lane, so every query (the CLI's `sql` included) sees them.
  void ws.use('console', createConsoleViews).catch(() => undefined);
  return {
    sqlPage: async (req) => {
      const page = await sqlPage(ws, req);
      if (req.record) recordHistory(ws, req.sql);
      return page;
    },
    sqlCount: (req) => sqlCount(ws, req),
    sqlComplete: (req) => sqlComplete(ws, req),
    sqlSchema: () => sqlSchema(ws),
    sqlExport: (req) => sqlExport(ws, req),
    sqlChart: (req) => sqlChart(ws, req),
    sqlHistory: () => sqlHistory(ws),
    sqlSaved: () => sqlSaved(ws),
    sqlSave: (req) => sqlSave(ws, req.name, req.sql),
    sqlDeleteSaved: (req) => sqlDeleteSaved(ws, req.name),
  };
}
