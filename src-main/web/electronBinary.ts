/**
 * The Electron binary, if it was downloaded at install (from GitHub, which
 * offline machines cannot reach): `require('electron')` names its path.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';

export function electronBinary(): string | undefined {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && fs.existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}
