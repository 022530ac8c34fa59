/**
 * `npm start`: builds the app and opens the desktop window. Where Electron's
 * binary is missing (it is downloaded from GitHub at install, which offline
 * machines cannot reach), says so in one line and serves the same UI in local
 * web mode instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { electronBinary } from './electronBinary';

const root = path.resolve(import.meta.dirname, '../..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);

const build = spawnSync(bin('electron-vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const electron = electronBinary({ download: true });
const child = electron
  ? spawn(electron, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
  : (process.stderr.write("Electron's binary could not be downloaded (it comes from GitHub; offline?): serving the same UI in local web mode instead.\n"),
    spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'src-main/web/main.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }));
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
