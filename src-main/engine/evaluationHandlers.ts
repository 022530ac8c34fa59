/** Handlers of the evaluation methods (see common/evaluationApi.ts). */
import type { EvaluationResponses } from '../common/evaluationApi';
import type { FeatureHandlers } from './handlers';
import type { Workspace } from './workspace';

export function evaluationHandlers(ws: Workspace): FeatureHandlers<EvaluationResponses> {
  void ws;
  return {};
}
