/** Handlers of the import methods (see common/importApi.ts). */
import type { ImportResponses } from '../common/importApi';
import type { FeatureHandlers } from './handlers';
import type { Workspace } from './workspace';

export function importHandlers(ws: Workspace): FeatureHandlers<ImportResponses> {
  void ws;
  return {};
}
