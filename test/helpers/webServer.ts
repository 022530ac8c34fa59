/**
 * A real Sotong web server (`tsx src-main/web/main.ts`) on a workspace, for the
 * end-to-end tests and the UI benchmark: resolves with the process and the URL
 * it printed (with this run's token).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export async function startWebServer(workspace: string, home: string, timeoutMs = 120_000): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src-main/web/main.ts', '--workspace', workspace], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SOTONG_HOME: home },
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web server did not start in time:\n${stderr}`)), timeoutMs);
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
