/** Handlers of the departments methods (see common/departmentsApi.ts). */
import type { DepartmentsResponses } from '../common/departmentsApi';
import { advisorEffect } from './advisorEffect';
import { collaborationIndex, collaborationMatrix } from './collaboration';
import { departmentChannelMatrix, departmentSeries, departmentTable, departmentTotals, depthProfile } from './departmentMetrics';
import type { FeatureHandlers } from './handlers';
import type { Workspace } from './workspace';

export function departmentsHandlers(ws: Workspace): FeatureHandlers<DepartmentsResponses> {
  return {
    departmentTable: (req) => ws.use('read', (conn) => departmentTable(conn, req.scope)),
    departmentTotals: (req) => ws.use('read', (conn) => departmentTotals(conn, req.scope)),
    departmentSeries: (req) => ws.use('read', (conn) => departmentSeries(conn, req.scope, req.by)),
    departmentChannelMatrix: (req) => ws.use('read', (conn) => departmentChannelMatrix(conn, req.scope)),
    depthProfile: (req) => ws.use('read', (conn) => depthProfile(conn, req.scope)),
    collaborationMatrix: (req) => ws.use('read', (conn) => collaborationMatrix(conn, req.scope)),
    collaborationIndex: (req) => ws.use('read', (conn) => collaborationIndex(conn, req.scope)),
    advisorEffect: (req) => ws.use('read', (conn) => advisorEffect(conn, req.scope)),
  };
}
