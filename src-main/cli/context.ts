/** Helpers every command uses: open the workspace, unwrap Results, print. */
import type { ParseArgsConfig } from 'node:util';
import type { Result } from '../common/result';
import type { Scope } from '../common/scope';
import { Engine } from '../engine/engine';
import type { CommandContext } from './commands';
import { UsageError, UserError } from './errors';
import { formatTable, type OutputFormat } from './format';

export function workspacePath(ctx: CommandContext): string {
  const w = ctx.values.workspace;
  if (typeof w !== 'string' || w === '') throw new UsageError('--workspace FILE is required');
  return w;
}

export function outputFormat(ctx: CommandContext, fallback: OutputFormat): OutputFormat {
  const f = ctx.values.format ?? fallback;
  if (f !== 'csv' && f !== 'json') throw new UsageError(`--format must be csv or json, not "${String(f)}"`);
  return f;
}

/** Opens the workspace (creating it only when `create`), runs `fn`, always closes. */
export async function withEngine<T>(ctx: CommandContext, create: boolean, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const file = workspacePath(ctx);
  let engine: Engine;
  try {
    engine = await Engine.open(file, { create });
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new UserError(`${r.error.message}${r.error.code === 'INTERNAL' ? '' : ` [${r.error.code}]`}`, r.error.details);
}

export function printTable(ctx: CommandContext, bytes: Uint8Array, fallback: OutputFormat = 'csv'): void {
  ctx.out.write(formatTable(bytes, outputFormat(ctx, fallback)));
}

export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.out.write(JSON.stringify(value, null, 2) + '\n');
}

/** The scope's filter flags, each repeatable: --department, --bureau, --channel, --program. */
export const SCOPE_FILTER_OPTIONS = {
  department: { type: 'string', multiple: true },
  bureau: { type: 'string', multiple: true },
  channel: { type: 'string', multiple: true },
  program: { type: 'string', multiple: true },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

const FILTER_FIELDS = { department: 'departments', bureau: 'bureaus', channel: 'channels', program: 'programs' } as const;

/** The filters given on the command line, as Scope fields (none given: an empty object). */
export function scopeFilters(ctx: CommandContext): Partial<Pick<Scope, 'departments' | 'bureaus' | 'channels' | 'programs'>> {
  const filters: Record<string, string[]> = {};
  for (const [flag, field] of Object.entries(FILTER_FIELDS)) {
    const v = ctx.values[flag];
    const values = v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x: unknown) => String(x));
    if (values.length) filters[field] = values;
  }
  return filters;
}
