/** The File menu: create or open another workspace. */
import { BrowserWindow, dialog, Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openWorkspace(file: string, create: boolean): Promise<void>;
}

export function installMenu(actions: MenuActions): void {
  const filters = [{ name: 'Sotong workspace', extensions: ['duckdb'] }];
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        {
          label: 'New Workspace…',
          accelerator: 'CmdOrCtrl+N',
          click: async () => {
            const r = await dialog.showSaveDialog(BrowserWindow.getFocusedWindow()!, { filters, defaultPath: 'workspace.duckdb' });
            if (!r.canceled && r.filePath) await actions.openWorkspace(r.filePath, true);
          },
        },
        {
          label: 'Open Workspace…',
          accelerator: 'CmdOrCtrl+O',
          click: async () => {
            const r = await dialog.showOpenDialog(BrowserWindow.getFocusedWindow()!, { filters, properties: ['openFile'] });
            if (!r.canceled && r.filePaths[0]) await actions.openWorkspace(r.filePaths[0], false);
          },
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
