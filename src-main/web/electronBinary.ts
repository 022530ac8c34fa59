/**
 * The Electron binary, if present. Electron's package downloads it from
 * GitHub on first use; offline machines cannot, so `download` runs that
 * installer quietly with a time limit, and callers fall back to web mode.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function installedPath(dir: string): string | undefined {
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return undefined;
  const full = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(full) ? full : undefined;
}

export function electronBinary(options: { download?: boolean } = {}): string | undefined {
  let dir: string;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const found = installedPath(dir);
  if (found || !options.download) return found;
  spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  return installedPath(dir);
}
