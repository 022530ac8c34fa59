/**
 * A real Sotong web server per test worker: `tsx src-main/web/main.ts` on a
 * fresh workspace (built from the demo data on first start, as for a new
 * user), and a page logged in with the run's token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'test/screenshots');

export interface SotongServer {
  url: string;
  origin: string;
  workspace: string;
}

async function startServer(workspace: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src-main/web/main.ts', '--workspace', workspace], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web server did not start in time:\n${stderr}`)), 120_000);
    proc.stdout!.on('data', (d: Buffer) => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    proc.on('exit', (code) => reject(new Error(`web server exited with ${code}:\n${stderr}`)));
  });
  return { proc, url };
}

export const test = base.extend<{ app: Page }, { server: SotongServer }>({
  server: [
    async ({}, use) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-e2e-'));
      const workspace = path.join(dir, 'demo.duckdb');
      const { proc, url } = await startServer(workspace);
      await use({ url, origin: new URL(url).origin, workspace });
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
