/** CLI command `demo`: builds the Seoul-like demo workspace (see data/demo.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_SEED, MAX_SCALE, generateDemo } from '../../../data/demo';
import { SotongError } from '../../common/result';
import type { Command } from '../commands';
import { printJson, withEngine, workspacePath } from '../context';
import { UsageError, UserError } from '../errors';

export const demoCommand: Command = {
  usage: 'demo --workspace FILE [--scale N] [--seed S]',
  summary: 'generate the Seoul demo data set into a new (or empty) workspace; N times the default size',
  options: { scale: { type: 'string' }, seed: { type: 'string' } },
  run: async (ctx) => {
    const scale = ctx.values.scale === undefined ? 1 : Number(ctx.values.scale);
    if (!Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) {
      throw new UsageError(`--scale must be a number in (0, ${MAX_SCALE}], not "${String(ctx.values.scale)}"`);
    }
    const seedText = ctx.values.seed;
    const seed = seedText === undefined ? DEMO_SEED : Number(seedText);
    if (seedText !== undefined && (!/^\d+$/.test(String(seedText)) || !Number.isSafeInteger(seed))) {
      throw new UsageError(`--seed must be a non-negative integer, not "${String(seedText)}"`);
    }
    const file = path.resolve(workspacePath(ctx));
    const existed = fs.existsSync(file);
    // Ctrl-C rolls the transaction back instead of leaving a half-built file.
    const abort = new AbortController();
    const onSigint = (): void => abort.abort();
    process.once('SIGINT', onSigint);
    const started = Date.now();
    try {
      const result = await withEngine(ctx, true, async (engine) => {
        try {
          return await generateDemo(engine.workspace, {
            scale,
            seed,
            signal: abort.signal,
            onProgress: (p) => {
              const secs = ((Date.now() - started) / 1000).toFixed(1);
              ctx.err.write(`demo: ${p.phase} (${p.done}/${p.total}, ${secs} s)\n`);
            },
          });
        } catch (e) {
          if (e instanceof SotongError) throw new UserError(e.message, e.details);
          throw e;
        }
      });
      ctx.err.write(`Demo workspace ready: ${file} (${result.importId}, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      printJson(ctx, result.counts);
    } catch (e) {
      // A file this command created and could not fill is removed; an existing one is left as it was.
      if (!existed) for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
      throw e;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};

export const demoCommands: Record<string, Command> = { demo: demoCommand };
