/** Handlers of the import methods (see common/importApi.ts); the work is in engine/import/. */
import type { ImportResponses } from '../common/importApi';
import type { FeatureHandlers } from './handlers';
import type { Workspace } from './workspace';
import { ImportJobs } from './import/jobs';
import { previewImport } from './import/run';
import { listImports, undoImport } from './import/history';

export function importHandlers(ws: Workspace): FeatureHandlers<ImportResponses> {
  const jobs = new ImportJobs(ws);
  return {
    importPreview: (req) => previewImport(ws, req),
    importStart: async (req) => ({ jobId: jobs.start(req).jobId }),
    // One call, the whole work: the report once the summaries are refreshed too (a failed refresh becomes a warning).
    importRun: async (req) => {
      const { done, settled } = jobs.start(req);
      const report = await done;
      const summaries = await settled;
      return summaries?.state === 'failed' && summaries.message ? { ...report, warnings: [...report.warnings, summaries.message] } : report;
    },
    importStatus: async (req) => jobs.status(req.jobId),
    importCancel: async (req) => jobs.cancel(req.jobId),
    listImports: () => listImports(ws),
    undoImport: (req) => undoImport(ws, req.importId),
  };
}
