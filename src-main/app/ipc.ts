/**
 * IPC: one `ipcMain.handle` per API method. Each checks that the call comes
 * from our own app:// page (not a navigated or injected frame), then hands the
 * payload to the engine, which validates it against the method's schema.
 */
import { ipcMain } from 'electron';
import { API_METHODS } from '../common/api';
import { fail, type Result } from '../common/result';
import { isAppUrl } from './security';

export const channelOf = (method: string): string => `sotong:${method}`;

export function registerIpc(dispatch: (method: string, payload: unknown) => Promise<Result<unknown>>): void {
  for (const method of API_METHODS) {
    ipcMain.handle(channelOf(method), async (event, payload: unknown) => {
      if (!isAppUrl(event.senderFrame?.url)) return fail('FORBIDDEN', 'IPC calls are accepted only from the Sotong window.');
      return dispatch(method, payload);
    });
  }
}
