/** Handlers of the continuity methods (see common/continuityApi.ts). */
import type { ContinuityResponses } from '../common/continuityApi';
import type { FeatureHandlers } from './handlers';
import type { Workspace } from './workspace';

export function continuityHandlers(ws: Workspace): FeatureHandlers<ContinuityResponses> {
  void ws;
  return {};
}
