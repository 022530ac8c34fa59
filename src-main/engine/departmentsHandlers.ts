/** Handlers of the departments methods (see common/departmentsApi.ts). */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DepartmentsResponses } from '../common/departmentsApi';
import { advisorEffect } from './advisorEffect';
import { collaborationIndex, collaborationMatrix } from './collaboration';
import { departmentChannelMatrix, departmentSeries, departmentTable, departmentTotals, depthProfile } from './departmentMetrics';
import { ScopeFactsCache, type ScopeFacts } from './departmentScope';
import type { FeatureHandlers } from './handlers';
import type { Workspace } from './workspace';

export function departmentsHandlers(ws: Workspace): FeatureHandlers<DepartmentsResponses> {
  // A screen sends its calls together: the scope is checked against facts read once per state of the data.
  const facts = new ScopeFactsCache(() => ws.dataVersion);
  const read = <T>(fn: (conn: DuckDBConnection, facts: ScopeFacts) => Promise<T>) => ws.use('read', async (conn) => fn(conn, await facts.get(conn)));
  return {
    departmentTable: (req) => read((conn, f) => departmentTable(conn, req.scope, f)),
    departmentTotals: (req) => read((conn, f) => departmentTotals(conn, req.scope, f)),
    departmentSeries: (req) => read((conn, f) => departmentSeries(conn, req.scope, req.by, f)),
    departmentChannelMatrix: (req) => read((conn, f) => departmentChannelMatrix(conn, req.scope, f)),
    depthProfile: (req) => read((conn, f) => depthProfile(conn, req.scope, f)),
    collaborationMatrix: (req) => read((conn, f) => collaborationMatrix(conn, req.scope, f)),
    collaborationIndex: (req) => read((conn, f) => collaborationIndex(conn, req.scope, f)),
    advisorEffect: (req) => read((conn, f) => advisorEffect(conn, req.scope, f)),
  };
}
