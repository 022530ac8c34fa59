/** Handlers of the continuity methods (see common/continuityApi.ts); the logic lives in continuity.ts and administrations.ts. */
import type { ContinuityResponses } from '../common/continuityApi';
import { addAdministration, deleteAdministration, listAdministrations, updateAdministration } from './administrations';
import { continuity, continuitySummary, programTimeline } from './continuity';
import type { FeatureHandlers } from './handlers';
import type { Workspace } from './workspace';

export function continuityHandlers(ws: Workspace): FeatureHandlers<ContinuityResponses> {
  return {
    listAdministrations: () => listAdministrations(ws),
    addAdministration: (req) => addAdministration(ws, req),
    updateAdministration: (req) => updateAdministration(ws, req),
    deleteAdministration: (req) => deleteAdministration(ws, req),
    continuity: (req) => continuity(ws, req),
    continuitySummary: (req) => continuitySummary(ws, req),
    programTimeline: (req) => programTimeline(ws, req),
  };
}
