/**
 * The bridge: exactly the API methods, each a typed `invoke`, and two helpers.
 * Nothing raw (no ipcRenderer, no Node) reaches the page.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { API_METHOD_NAMES as API_METHODS } from '../common/methods';

const api: Record<string, unknown> = {};
for (const method of API_METHODS) {
  api[method] = (request: unknown) => ipcRenderer.invoke(`sotong:${method}`, request);
}
api.pathForFile = (file: File) => webUtils.getPathForFile(file);
api.printToPdf = (suggestedName: string) => ipcRenderer.invoke('sotong:print-to-pdf', String(suggestedName));
api.onWorkspaceChanged = (listener: () => void) => {
  const wrapped = () => listener();
  ipcRenderer.on('sotong:workspace-changed', wrapped);
  return () => ipcRenderer.removeListener('sotong:workspace-changed', wrapped);
};

contextBridge.exposeInMainWorld('sotong', api);
