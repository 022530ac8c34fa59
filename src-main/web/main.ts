/**
 * `npm run web [-- --workspace FILE] [--port N]`: serves the UI and the engine
 * on 127.0.0.1 and prints the URL with this run's token.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultWorkspacePath, openOrCreateDemo } from '../engine/bootstrap';
import { startWebServer } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { workspace: { type: 'string' }, port: { type: 'string' }, static: { type: 'string' } },
  });
  const file = path.resolve(values.workspace ?? defaultWorkspacePath());
  let lastLine = 0;
  const engine = await openOrCreateDemo(file, (p) => {
    const now = Date.now();
    if (now - lastLine < 500 && p.done < p.total) return;
    lastLine = now;
    process.stderr.write(`Building the demo workspace: ${p.phase} ${Math.round((100 * p.done) / Math.max(1, p.total))}%\n`);
  });
  const server = await startWebServer({
    dispatcher: engine,
    staticDir: values.static ?? path.resolve(import.meta.dirname, '../../out/renderer'),
    port: values.port ? Number(values.port) : 0,
  });
  process.stderr.write(`Sotong web mode: workspace ${file}\n`);
  process.stdout.write(`${server.url}\n`);
  const stop = async () => {
    await server.close();
    await engine.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`sotong web: ${(e as Error).message}\n`);
  process.exit(1);
});
