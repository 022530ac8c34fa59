/**
 * The Electron window, checked from inside: no Node in the page, navigation
 * and new windows blocked. Skips, with the reason, where the Electron binary
 * could not be downloaded (as on machines without access to GitHub).
 */
import fs from 'node:fs';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { expect, test } from '@playwright/test';
import { ROOT } from './fixtures';
import { electronBinary } from '../../src-main/web/electronBinary';


const binary = electronBinary();
const built = fs.existsSync(path.join(ROOT, 'out/main/main.js'));
const NO_BINARY = 'Electron-window tests skipped: no Electron binary on this machine (it is downloaded from GitHub at install, which is unreachable here); the same UI is tested in web mode.';
// The list reporter does not print skip reasons: say it once, in one line.
if (!binary) console.warn(NO_BINARY);

test.describe('Electron window', () => {
  test.skip(!binary, NO_BINARY);
  test.skip(!built, 'The app is not built: run "npm run build" first.');

  test('is hardened: no Node in the page, navigation and window.open denied', async () => {
    const app = await electron.launch({ executablePath: binary, args: [ROOT], env: { ...process.env, SOTONG_HOME: fs.mkdtempSync(path.join(ROOT, 'test-results/electron-')) } });
    try {
      const win = await app.firstWindow();
      await expect(win.getByTestId('workspace-header')).toBeVisible();
      expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await win.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe('undefined');
      const before = win.url();
      await win.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await win.waitForTimeout(500);
      expect(win.url()).toBe(before);
      expect(await win.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
      expect(await win.evaluate(() => typeof window.sotong?.info)).toBe('function');
      // Only the API's functions cross the bridge: no ipcRenderer, no Node objects.
      expect(await win.evaluate(() => Object.values(window.sotong ?? {}).every((v) => typeof v === 'function'))).toBe(true);
      expect(await win.evaluate(() => 'ipcRenderer' in (window.sotong ?? {}))).toBe(false);
    } finally {
      await app.close();
    }
  });
});
