/**
 * Where the app's workspace lives when the user has not chosen one, and the
 * first start: a missing default workspace is created and filled with the
 * Seoul demo data set, with progress.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDemo } from '../../data/demo';
import { Engine } from './engine';
import { Workspace } from './workspace';
import type { SecretStore } from './secrets';

/** `$SOTONG_HOME/demo.duckdb`, default `~/.sotong/demo.duckdb` (Electron passes its user-data folder). */
export function defaultWorkspacePath(home = process.env.SOTONG_HOME ?? path.join(os.homedir(), '.sotong')): string {
  return path.join(home, 'demo.duckdb');
}

export interface BootstrapProgress {
  phase: string;
  done: number;
  total: number;
}

/** Opens `file`; when it does not exist yet, creates it and generates the demo data into it first. */
export async function openOrCreateDemo(file: string, onProgress?: (p: BootstrapProgress) => void, scale = 1, secrets?: SecretStore): Promise<Engine> {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.creating`;
    fs.rmSync(partial, { force: true });
    const ws = await Workspace.open(partial, { create: true, secrets });
    try {
      await generateDemo(ws, { scale, onProgress });
    } catch (e) {
      await ws.close();
      fs.rmSync(partial, { force: true });
      throw e;
    }
    await ws.close();
    // Only a complete demo workspace takes the real name.
    fs.renameSync(partial, file);
  }
  return Engine.open(file, { secrets });
}
