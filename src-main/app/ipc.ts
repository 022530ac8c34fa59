/**
 * IPC: one `ipcMain.handle` per API method. Each checks that the call comes
 * from our own app:// page (not a navigated or injected frame), then hands the
 * payload to the engine, which validates it against the method's schema.
 */
import fs from 'node:fs';
import { BrowserWindow, dialog, ipcMain } from 'electron';
import { API_METHODS } from '../common/api';
import { fail, type Result } from '../common/result';
import { isAppUrl } from './security';

export const channelOf = (method: string): string => `sotong:${method}`;

/**
 * Exports the engine writes to a file: under Electron the main process asks
 * where to save (the renderer never names a path), then passes it on.
 */
const EXPORT_METHODS: Record<string, { extension: (payload: Record<string, unknown>) => string }> = {
  sqlExport: { extension: (p) => String(p.format ?? 'csv') },
};

export function registerIpc(dispatch: (method: string, payload: unknown) => Promise<Result<unknown>>): void {
  for (const method of API_METHODS) {
    ipcMain.handle(channelOf(method), async (event, payload: unknown) => {
      if (!isAppUrl(event.senderFrame?.url)) return fail('FORBIDDEN', 'IPC calls are accepted only from the Sotong window.');
      const exporter = EXPORT_METHODS[method];
      if (exporter && typeof payload === 'object' && payload !== null) {
        const request = { ...(payload as Record<string, unknown>) };
        if ('path' in request) return fail('FORBIDDEN', 'The window cannot choose where files are written; Sotong asks you.');
        const ext = exporter.extension(request);
        const win = BrowserWindow.fromWebContents(event.sender);
        const choice = win
          ? await dialog.showSaveDialog(win, { defaultPath: `sotong-export.${ext}`, filters: [{ name: ext.toUpperCase(), extensions: [ext] }] })
          : { canceled: true, filePath: undefined };
        if (choice.canceled || !choice.filePath) return fail('CANCELLED', 'Export cancelled.');
        return dispatch(method, { ...request, path: choice.filePath });
      }
      return dispatch(method, payload);
    });
  }
}

/** printToPDF of the asking window's print layout, saved where the user chooses. */
export function registerPrintToPdf(): void {
  ipcMain.handle('sotong:print-to-pdf', async (event, suggestedName: unknown) => {
    if (!isAppUrl(event.senderFrame?.url)) return { saved: false };
    const name = typeof suggestedName === 'string' && /^[\p{L}\p{N}._ -]{1,120}\.pdf$/u.test(suggestedName) ? suggestedName : 'sotong.pdf';
    const win = BrowserWindow.fromWebContents(event.sender);
    if (!win) return { saved: false };
    const choice = await dialog.showSaveDialog(win, { defaultPath: name, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
    if (choice.canceled || !choice.filePath) return { saved: false };
    const pdf = await event.sender.printToPDF({ printBackground: true, pageSize: 'A4' });
    await fs.promises.writeFile(choice.filePath, pdf);
    return { saved: true, path: choice.filePath };
  });
}
