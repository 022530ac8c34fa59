/**
 * What the preload script exposes as `window.sotong` under Electron: one
 * function per API method, plus two helpers. In web mode it is absent and
 * the client speaks HTTP instead.
 */
import type { ApiMethod, ApiRequest, ApiResponses } from '../../src-main/common/api';
import type { Result } from '../../src-main/common/result';

export type Bridge = {
  [M in ApiMethod]: (request: ApiRequest<M>) => Promise<Result<ApiResponses[M]>>;
} & {
  /** The file-system path of a dropped File (Electron's webUtils). */
  pathForFile?: (file: File) => string;
  onWorkspaceChanged?: (listener: () => void) => () => void;
  /** Electron: the window's current print layout to a PDF file the user picks (webContents.printToPDF). */
  printToPdf?: (suggestedName: string) => Promise<{ saved: boolean; path?: string }>;
};

declare global {
  interface Window {
    sotong?: Bridge;
  }
}
