/** Handlers of the evaluation methods (see common/evaluationApi.ts). */
import type { EvaluationResponses } from '../common/evaluationApi';
import { evaluate, evaluationSummary, explainEmployee, trackWorkspaceWrites } from './evaluation';
import { evaluationByDepartment, evaluationPeriods } from './evaluationDepartments';
import { evaluationExport } from './evaluationExport';
import { compareSetups, copySetup, deleteSetup, listSetups, saveSetup } from './evaluationSetups';
import type { FeatureHandlers } from './handlers';
import type { Workspace } from './workspace';

export function evaluationHandlers(ws: Workspace): FeatureHandlers<EvaluationResponses> {
  // The components cache must see every write from the start.
  trackWorkspaceWrites(ws);
  return {
    evaluate: (req) => evaluate(ws, req),
    evaluationSummary: (req) => evaluationSummary(ws, req),
    explainEmployee: (req) => explainEmployee(ws, req),
    evaluationSetups: async () => ({ setups: await listSetups(ws) }),
    saveEvaluationSetup: (req) => saveSetup(ws, req),
    copyEvaluationSetup: (req) => copySetup(ws, req),
    deleteEvaluationSetup: (req) => deleteSetup(ws, req.name),
    compareEvaluationSetups: (req) => compareSetups(ws, req),
    evaluationPeriods: async () => ({ periods: await evaluationPeriods(ws) }),
    evaluationByDepartment: (req) => evaluationByDepartment(ws, req),
    evaluationExport: (req) => evaluationExport(ws, req),
  };
}
