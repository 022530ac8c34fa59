/** Handlers of the SQL console methods (see common/sqlApi.ts). */
import type { SqlResponses } from '../common/sqlApi';
import type { FeatureHandlers } from './handlers';
import type { Workspace } from './workspace';

export function sqlHandlers(ws: Workspace): FeatureHandlers<SqlResponses> {
  void ws;
  return {};
}
