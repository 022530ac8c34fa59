/**
 * The demo workspace the metric benchmarks share: `demo` at 30 × the bench
 * scale (bench scale 1 ≈ 10,600,000 participations, 3,400,000 events, 75,000
 * employees, ~50,000 evaluated in 2019: the issues' 10M workspace), generated
 * once into os.tmpdir()/sotong-bench/scale-N.duckdb and reused. Also: timing
 * helpers, and a recorder of the SQL an engine call issues, so the same
 * statements can be replayed on a plain DuckDB connection (the bare-engine peer).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBConnection, DuckDBInstance, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { generateDemo } from '../../data/demo';
import { Engine } from '../../src-main/engine/engine';
import { memoryLimit } from '../../src-main/engine/workspace';

/** The demo scale of a bench scale (bench scale 1 = the issues' 10M participations). */
export const demoScale = (benchScale: number): number => Math.max(0.01, Math.round(30 * benchScale * 100) / 100);

export async function demoWorkspace(benchScale: number, log: (line: string) => void): Promise<string> {
  const scale = demoScale(benchScale);
  const dir = path.join(os.tmpdir(), 'sotong-bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `scale-${scale}.duckdb`);
  if (fs.existsSync(file)) {
    log(`demo workspace: reusing ${file} (demo --scale ${scale})`);
    return file;
  }
  const partial = path.join(dir, `scale-${scale}.partial-${process.pid}.duckdb`);
  log(`demo workspace: generating ${file} (demo --scale ${scale}; once, then reused)`);
  const t0 = performance.now();
  const engine = await Engine.open(partial, { create: true });
  try {
    const r = await generateDemo(engine.workspace, { scale });
    log(`  ${Object.entries(r.counts).map(([k, v]) => `${k} ${v.toLocaleString()}`).join(', ')} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    await engine.close();
    fs.rmSync(partial, { force: true });
    throw e;
  }
  await engine.close();
  fs.renameSync(partial, file);
  return file;
}

export interface Timing {
  median: number;
  min: number;
  max: number;
}

/** Median/min/max in ms of `runs` calls after one warm-up; `before` runs untimed before each call. */
export async function timed(fn: () => Promise<unknown>, runs = 5, before?: () => void): Promise<Timing> {
  before?.();
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times[times.length - 1]! };
}

export const fmt = (t: Timing): string => `${t.median.toFixed(0)} ms (min ${t.min.toFixed(0)}, max ${t.max.toFixed(0)})`;

/** Unwraps an API Result. */
export function ok<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** A plain DuckDB connection on the workspace file (read-only, the engine's memory limit): the bare-engine peer. */
export async function bareConnection(file: string): Promise<{ conn: DuckDBConnection; close: () => void }> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  await conn.run(`SET memory_limit = '${memoryLimit()}'`);
  return {
    conn,
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

export interface Statement {
  sql: string;
  values?: DuckDBValue[] | Record<string, DuckDBValue>;
  types?: DuckDBType[] | Record<string, DuckDBType>;
}

type Method = 'run' | 'runAndReadAll' | 'stream';
const METHODS: Method[] = ['run', 'runAndReadAll', 'stream'];

/**
 * Records every statement the engine sends to DuckDB while `fn` runs (by
 * wrapping DuckDBConnection's run, runAndReadAll and stream), in order.
 */
export async function recordSql(fn: () => Promise<unknown>): Promise<Statement[]> {
  const proto = DuckDBConnection.prototype as unknown as Record<Method, (...args: unknown[]) => Promise<unknown>>;
  const originals = METHODS.map((m) => proto[m]);
  const out: Statement[] = [];
  // runAndReadAll calls run on the same connection: record only the outermost call of a statement.
  const inside = new WeakSet<object>();
  METHODS.forEach((m, i) => {
    const original = originals[i]!;
    proto[m] = async function (this: object, ...args: unknown[]) {
      if (inside.has(this)) return original.apply(this, args);
      out.push({ sql: args[0] as string, values: args[1] as Statement['values'], types: args[2] as Statement['types'] });
      inside.add(this);
      try {
        return await original.apply(this, args);
      } finally {
        inside.delete(this);
      }
    };
  });
  try {
    await fn();
  } finally {
    METHODS.forEach((m, i) => (proto[m] = originals[i]!));
  }
  return out;
}

/** Replays recorded statements on a plain connection, reading every result in full. */
export async function replay(conn: DuckDBConnection, statements: Statement[]): Promise<void> {
  for (const s of statements) await conn.runAndReadAll(s.sql, s.values, s.types);
}
