/**
 * A real Sotong web server per test worker: `tsx src-main/web/main.ts` on a
 * fresh demo workspace, and a page logged in with the run's token.
 *
 * DuckDB lets one process hold a workspace file, so while the server has it
 * open the CLI cannot read it: `cli()` runs the real CLI on a snapshot copied
 * before the server started (tests that import data compare against the
 * screen, not the snapshot).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { ROOT, startWebServer } from '../helpers/webServer';

export { ROOT };
export const SCREENSHOTS = path.join(ROOT, 'test/screenshots');

export interface SotongServer {
  url: string;
  origin: string;
  workspace: string;
  /** Runs the CLI on the snapshot; returns stdout. */
  cli(...args: string[]): string;
}

async function prepareWorkspace(file: string, snapshot: string): Promise<void> {
  const { openOrCreateDemo } = await import('../../src-main/engine/bootstrap');
  const engine = await openOrCreateDemo(file);
  await engine.close();
  fs.copyFileSync(file, snapshot);
}

export const test = base.extend<{ app: Page }, { server: SotongServer }>({
  server: [
    async ({}, use) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-e2e-'));
      const workspace = path.join(dir, 'demo.duckdb');
      const snapshot = path.join(dir, 'snapshot.duckdb');
      await prepareWorkspace(workspace, snapshot);
      const { proc, url } = await startWebServer(workspace, path.join(path.dirname(workspace), 'home'));
      const cli = (...args: string[]) =>
        execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src-main/cli/main.ts', ...args, '--workspace', snapshot], { cwd: ROOT }).toString();
      await use({ url, origin: new URL(url).origin, workspace, cli });
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  app: async ({ page, server }, use) => {
    await page.goto(server.url);
    await expect(page.getByTestId('workspace-header')).toBeVisible();
    await use(page);
  },
});

export { expect };

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Dark pixels in the top third of a PNG, decoded in the browser. */
export async function darkPixels(app: Page, file: string): Promise<{ n: number; width: number; height: number }> {
  const page = await app.context().newPage();
  try {
    return await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, Math.floor(img.height / 3));
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! < 3 * 100) n++;
      return { n, width: img.width, height: img.height };
    }, fs.readFileSync(file).toString('base64'));
  } finally {
    await page.close();
  }
}
