/**
 * The Electron shell: one hardened window over the engine. The engine runs
 * in this (main) process; DuckDB does its work on its own threads.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { defaultWorkspacePath, openOrCreateDemo } from '../engine/bootstrap';
import { Engine } from '../engine/engine';
import { fail } from '../common/result';
import { registerIpc, registerPrintToPdf } from './ipc';
import { SafeStorageSecretStore } from './secretStore';
import { installMenu } from './menu';
import { registerScheme, serveRenderer } from './protocol';
import { APP_ORIGIN, hardenSessions, WEB_PREFERENCES } from './security';

let engine: Engine | undefined;
let window: BrowserWindow | undefined;

registerScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.whenReady().then(start).catch((e: unknown) => {
    dialog.showErrorBox('Sotong could not start', (e as Error).message);
    app.quit();
  });
}

async function start(): Promise<void> {
  hardenSessions();
  serveRenderer(path.join(import.meta.dirname, '../renderer'));
  registerIpc(async (method, payload) => (engine ? engine.dispatch(method, payload) : fail('NOT_FOUND', 'No workspace is open yet.')));
  registerPrintToPdf();
  installMenu({
    openWorkspace: async (file, create) => {
      try {
        const next = await Engine.open(file, { create, secrets: secretStore() });
        await engine?.close();
        engine = next;
        window?.webContents.send('sotong:workspace-changed');
      } catch (e) {
        dialog.showErrorBox('Cannot open the workspace', (e as Error).message);
      }
    },
  });
  window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Sotong 소통',
    show: false,
    webPreferences: { ...WEB_PREFERENCES, preload: path.join(import.meta.dirname, '../preload/index.cjs') },
  });
  window.once('ready-to-show', () => window?.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);
  const file = process.env.SOTONG_WORKSPACE ?? defaultWorkspacePath(app.getPath('userData'));
  engine = await openOrCreateDemo(file, undefined, 1, secretStore());
  window.webContents.send('sotong:workspace-changed');
}

function secretStore(): SafeStorageSecretStore {
  return new SafeStorageSecretStore(path.join(app.getPath('userData'), 'keys'));
}

app.on('window-all-closed', () => {
  void engine?.close().finally(() => app.quit());
});
