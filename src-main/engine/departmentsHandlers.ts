/** Handlers of the departments methods (see common/departmentsApi.ts). */
import type { DepartmentsResponses } from '../common/departmentsApi';
import type { FeatureHandlers } from './handlers';
import type { Workspace } from './workspace';

export function departmentsHandlers(ws: Workspace): FeatureHandlers<DepartmentsResponses> {
  void ws;
  return {};
}
