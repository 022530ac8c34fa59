/**
 * `npm run bench [-- NAME…] [--scale N]`: runs the benchmarks in this folder
 * (scale 1 = the issues' sizes: 10M participations, a 10M-row SQL result,
 * a 10M-row import file; the default 0.5 finishes in under 10 minutes on 2 cores)
 * (each generates its own data), prints their figures and ratios, and writes
 * bench-results/latest.json and latest.md. Never fails on a slow machine:
 * goals are printed next to the figures, not asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  scale: number;
  log: (line: string) => void;
}
export type Bench = (opts: BenchOptions) => Promise<Record<string, unknown>>;

const ALL = ['arrow', 'import', 'departments', 'continuity', 'evaluate', 'sql', 'ui'];

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { scale: { type: 'string', default: '0.5' } } });
  const scale = Number(values.scale);
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  const names = positionals.length ? positionals : ALL;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}`;
  log(`Sotong benchmarks, scale ${scale}, on ${machine}`);
  const results: Record<string, unknown> = {};
  for (const name of names) {
    const file = path.join(import.meta.dirname, `${name}.ts`);
    if (!fs.existsSync(file)) {
      log(`\n## ${name}: no benchmark file (${path.relative(process.cwd(), file)}), skipped`);
      continue;
    }
    log(`\n## ${name}`);
    const mod = (await import(file)) as { run: Bench };
    try {
      results[name] = await mod.run({ scale, log });
    } catch (e) {
      log(`${name} failed: ${(e as Error).stack ?? String(e)}`);
      results[name] = { error: (e as Error).message };
    }
  }
  const outDir = path.resolve('bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const report = { date: new Date().toISOString(), machine, scale, results };
  fs.writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify(report, null, 2));
  fs.writeFileSync(path.join(outDir, 'latest.md'), toMarkdown(report));
  log(`\nWrote ${path.join('bench-results', 'latest.json')} and latest.md`);
}

function toMarkdown(report: { date: string; machine: string; scale: number; results: Record<string, unknown> }): string {
  const lines = [`# Sotong benchmarks`, '', `${report.date}, scale ${report.scale}, ${report.machine}`, '', '| benchmark | figure | value |', '|---|---|---|'];
  for (const [name, r] of Object.entries(report.results)) {
    for (const [k, v] of Object.entries(r as Record<string, unknown>)) {
      lines.push(`| ${name} | ${k} | ${typeof v === 'number' ? +v.toFixed(3) : JSON.stringify(v)} |`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Median/min/max in ms of `runs` timed calls after one warm-up. */
export async function timeIt(fn: () => Promise<unknown>, runs = 5): Promise<{ median: number; min: number; max: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times[times.length - 1]! };
}

export const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
