/** init, info, sql: the workspace itself. */
import path from 'node:path';
import type { SqlExportFormat } from '../../common/sqlApi';
import type { Command } from '../commands';
import { UsageError } from '../errors';
import { outputFormat, printJson, printTable, unwrap, withEngine } from '../context';

export const initCommand: Command = {
  usage: 'init --workspace FILE',
  summary: 'create an empty workspace (or migrate an existing one)',
  run: (ctx) =>
    withEngine(ctx, true, async (engine) => {
      const info = unwrap(await engine.api().info({}));
      ctx.err.write(`Workspace ready: ${info.path} (schema ${info.schemaVersion})\n`);
    }),
};

export const infoCommand: Command = {
  usage: 'info --workspace FILE [--format json|csv]',
  summary: 'tables, row counts, schema version',
  run: (ctx) =>
    withEngine(ctx, false, async (engine) => {
      const info = unwrap(await engine.api().info({}));
      if (outputFormat(ctx, 'json') === 'json') printJson(ctx, info);
      else ctx.out.write(['table,rows', ...info.tables.map((t) => `${t.name},${t.rows}`)].join('\n') + '\n');
    }),
};

export const sqlCommand: Command = {
  usage: 'sql --workspace FILE "SELECT …" [--format csv|json] [--max-rows N] [--out FILE.csv|.parquet|.xlsx]',
  summary: 'run one read-only query; --out writes the whole result to a file (format from the extension)',
  options: { 'max-rows': { type: 'string' }, out: { type: 'string' } },
  run: async (ctx) => {
    const sql = ctx.positionals.join(' ').trim();
    if (!sql) throw new UsageError('give the query as an argument');
    const out = ctx.values.out;
    if (typeof out === 'string') {
      const format = EXPORT_FORMAT_BY_EXT[path.extname(out).toLowerCase()];
      if (!format) throw new UsageError('--out must name a .csv, .parquet or .xlsx file');
      await withEngine(ctx, false, async (engine) => {
        const r = unwrap(await engine.api().sqlExport({ sql, format, path: path.resolve(out) }));
        ctx.err.write(`Wrote ${r.rows.toLocaleString('en-US')} rows to ${r.path} (${format}, ${r.bytes.toLocaleString('en-US')} bytes, ${r.elapsedMs} ms)\n`);
      });
      return;
    }
    const maxRowsText = ctx.values['max-rows'];
    const maxRows = maxRowsText === undefined ? 1_000_000 : Number(maxRowsText);
    if (!Number.isInteger(maxRows) || maxRows < 1) throw new UsageError('--max-rows must be a positive integer');
    const format = outputFormat(ctx, 'csv');
    await withEngine(ctx, false, async (engine) => {
      const bytes = unwrap(await engine.api().sql({ sql, maxRows }));
      printTable(ctx, bytes, format);
    });
  },
};

const EXPORT_FORMAT_BY_EXT: Record<string, SqlExportFormat> = { '.csv': 'csv', '.parquet': 'parquet', '.xlsx': 'xlsx' };
