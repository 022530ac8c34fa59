/**
 * CLI commands of the import feature:
 *   import --workspace W [--kind K] [--on-error reject|skip] [--on-conflict upsert|reject]
 *          [--encoding utf-8|cp949] [--sheet NAME] [--delimiter D] [--map src=field,…] [--pseudonymize] FILE…
 *   imports --workspace W            (CSV list)
 *   imports --workspace W undo ID
 * `import` prints the report(s) as JSON on stdout (an array for several
 * files); a rejected file exits 1 with its first problems on stderr.
 */
import type { Command, CommandContext } from '../commands';
import { IMPORT_ENCODINGS, IMPORT_KINDS, type ImportReport } from '../../common/importApi';
import type { Engine } from '../../engine/engine';
import { UsageError, UserError } from '../errors';
import { printJson, printTable, unwrap, withEngine } from '../context';

const PROGRESS_MS = 250;

function oneOf<T extends string>(ctx: CommandContext, name: string, allowed: readonly T[]): T | undefined {
  const v = ctx.values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not "${String(v)}"`);
  return v as T;
}

/** "src=field,src2=field2" (repeatable); an empty field or "-" ignores the column. */
export function parseMap(specs: string[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const spec of specs) {
    for (const part of spec.split(',')) {
      if (part.trim() === '') continue;
      const eq = part.lastIndexOf('=');
      if (eq <= 0) throw new UsageError(`--map takes source=field pairs, not "${part}"`);
      const field = part.slice(eq + 1).trim();
      out[part.slice(0, eq).trim()] = field === '' || field === '-' ? null : field;
    }
  }
  return out;
}

const DELIMITERS: Record<string, ',' | ';' | '\t' | '|'> = { ',': ',', ';': ';', '\t': '\t', '\\t': '\t', tab: '\t', '|': '|' };

async function runOne(engine: Engine, ctx: CommandContext, file: string): Promise<{ report?: ImportReport; error?: string }> {
  const delimiterText = ctx.values.delimiter as string | undefined;
  const delimiter = delimiterText === undefined ? undefined : DELIMITERS[delimiterText];
  if (delimiterText !== undefined && !delimiter) throw new UsageError('--delimiter must be one of , ; tab |');
  const mapSpecs = (ctx.values.map as string[] | undefined) ?? [];
  const kind = oneOf(ctx, 'kind', IMPORT_KINDS);
  const encoding = oneOf(ctx, 'encoding', IMPORT_ENCODINGS);
  const request = {
    path: file,
    onError: oneOf(ctx, 'on-error', ['reject', 'skip'] as const) ?? 'reject',
    onConflict: oneOf(ctx, 'on-conflict', ['upsert', 'reject'] as const) ?? 'reject',
    pseudonymize: ctx.values.pseudonymize === true,
    ...(kind ? { kind } : {}),
    ...(encoding ? { encoding } : {}),
    ...(typeof ctx.values.sheet === 'string' ? { sheet: ctx.values.sheet } : {}),
    ...(delimiter ? { delimiter } : {}),
    ...(mapSpecs.length ? { mapping: parseMap(mapSpecs) } : {}),
  };
  const api = engine.api();
  const { jobId } = unwrap(await api.importStart(request));
  const tty = (ctx.err as { isTTY?: boolean }).isTTY === true;
  for (;;) {
    const status = unwrap(await api.importStatus({ jobId }));
    if (status.state !== 'running') {
      if (tty) ctx.err.write('\n');
      if (status.state === 'done' && status.report) return { report: status.report };
      if (status.report) return { report: status.report, error: status.error?.message ?? 'rejected' };
      return { error: `${file}: ${status.error?.message ?? status.state}${status.error && status.error.code !== 'INTERNAL' ? ` [${status.error.code}]` : ''}` };
    }
    if (tty) {
      const pct = status.totalBytes > 0 ? Math.round((100 * status.bytesRead) / status.totalBytes) : 0;
      ctx.err.write(`\r${status.source_name}: ${status.phase} ${pct}% ${status.rowsRead} rows, ${status.rowsPerSecond} rows/s   `);
    }
    await new Promise((r) => setTimeout(r, PROGRESS_MS));
  }
}

export const importCommands: Record<string, Command> = {
  import: {
    usage:
      'import --workspace FILE [--kind K] [--on-error reject|skip] [--on-conflict upsert|reject] [--encoding utf-8|cp949] [--sheet NAME] [--delimiter D] [--map src=field,…] [--pseudonymize] FILE…',
    summary: 'import files; prints the import report(s) as JSON',
    options: {
      kind: { type: 'string' },
      'on-error': { type: 'string' },
      'on-conflict': { type: 'string' },
      encoding: { type: 'string' },
      sheet: { type: 'string' },
      delimiter: { type: 'string' },
      map: { type: 'string', multiple: true },
      pseudonymize: { type: 'boolean' },
    },
    run: async (ctx) => {
      if (ctx.positionals.length === 0) throw new UsageError('give at least one FILE to import');
      // Validate the options before creating a workspace.
      oneOf(ctx, 'kind', IMPORT_KINDS);
      oneOf(ctx, 'encoding', IMPORT_ENCODINGS);
      oneOf(ctx, 'on-error', ['reject', 'skip'] as const);
      oneOf(ctx, 'on-conflict', ['upsert', 'reject'] as const);
      parseMap((ctx.values.map as string[] | undefined) ?? []);
      await withEngine(ctx, true, async (engine) => {
        const reports: ImportReport[] = [];
        const errors: string[] = [];
        for (const file of ctx.positionals) {
          const r = await runOne(engine, ctx, file);
          if (r.report) reports.push(r.report);
          if (r.error) {
            errors.push(r.error);
            if (r.report) {
              for (const p of r.report.problems.slice(0, 10)) ctx.err.write(`${r.report.source_name}: row ${p.row}, ${p.column || 'line'}: ${p.reason}${p.value !== null ? ` (${JSON.stringify(p.value)})` : ''}\n`);
              if (r.report.problem_count > 10) ctx.err.write(`… ${r.report.problem_count - 10} more problem(s) in the report\n`);
            }
          }
        }
        if (reports.length) printJson(ctx, reports.length === 1 && ctx.positionals.length === 1 ? reports[0] : reports);
        if (errors.length) throw new UserError(errors.join('\n'));
      });
    },
  },
  imports: {
    usage: 'imports --workspace FILE [undo IMPORT_ID] [--format csv|json]',
    summary: 'list the imports, or undo one',
    run: async (ctx) => {
      const [action, id, ...rest] = ctx.positionals;
      if (action === undefined) {
        await withEngine(ctx, false, async (engine) => printTable(ctx, unwrap(await engine.api().listImports({}))));
        return;
      }
      if (action !== 'undo' || !id || rest.length) throw new UsageError('use "imports" to list, or "imports undo IMPORT_ID"');
      await withEngine(ctx, false, async (engine) => {
        const result = unwrap(await engine.api().undoImport({ importId: id }));
        printJson(ctx, result);
        ctx.err.write(`Import ${id} undone.\n`);
      });
    },
  },
};
