/**
 * `departments`: the Departments metrics of SPEC.md on the command line. By
 * default the per-department table (CSV, columns exactly DEPARTMENT_TABLE_COLUMNS,
 * sorted by department_id, full double precision); one view flag picks another view.
 */
import type { ApiRequest } from '../../common/api';
import { DEPARTMENT_TABLE_COLUMNS } from '../../common/departmentsApi';
import type { Command, CommandContext } from '../commands';
import { UsageError } from '../errors';
import { arrowRows, toCsv } from '../format';
import { outputFormat, printJson, printTable, SCOPE_FILTER_OPTIONS, scopeFilters, unwrap, withEngine } from '../context';

type Scope = NonNullable<ApiRequest<'departmentTable'>['scope']>;

const VIEWS = ['matrix', 'series', 'advisor', 'totals', 'ties', 'channel-matrix', 'depth'] as const;


function scopeOf(ctx: CommandContext): Scope {
  const scope: Record<string, unknown> = { ...scopeFilters(ctx) };
  if (ctx.values.from !== undefined) scope.from = ctx.values.from;
  if (ctx.values.to !== undefined) scope.to = ctx.values.to;
  return scope as Scope;
}

export const departmentsCommands: Record<string, Command> = {
  departments: {
    usage:
      'departments --workspace FILE [--from DATE] [--to DATE] [--department ID…] [--bureau B…] [--channel C…] [--program P…] ' +
      '[--matrix | --series month [--by department|channel] | --advisor | --totals | --ties | --channel-matrix | --depth] [--format csv|json]',
    summary: 'per-department engagement table (or the collaboration matrix, monthly series, advisor comparison…)',
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      ...SCOPE_FILTER_OPTIONS,
      matrix: { type: 'boolean' },
      series: { type: 'string' },
      by: { type: 'string' },
      advisor: { type: 'boolean' },
      totals: { type: 'boolean' },
      ties: { type: 'boolean' },
      'channel-matrix': { type: 'boolean' },
      depth: { type: 'boolean' },
    },
    run: async (ctx) => {
      const chosen = VIEWS.filter((v) => ctx.values[v] !== undefined && ctx.values[v] !== false);
      if (chosen.length > 1) throw new UsageError(`choose one view, not ${chosen.map((v) => `--${v}`).join(' and ')}`);
      const view = chosen[0] ?? 'table';
      if (view === 'series' && ctx.values.series !== 'month') throw new UsageError(`--series takes "month", not "${String(ctx.values.series)}"`);
      const by = ctx.values.by ?? 'department';
      if (ctx.values.by !== undefined && view !== 'series') throw new UsageError('--by goes with --series month');
      if (by !== 'department' && by !== 'channel') throw new UsageError(`--by must be department or channel, not "${String(by)}"`);
      const format = outputFormat(ctx, view === 'advisor' || view === 'totals' ? 'json' : 'csv');
      const scope = scopeOf(ctx);
      await withEngine(ctx, false, async (engine) => {
        const api = engine.api();
        switch (view) {
          case 'table': {
            const { rows } = arrowRows(unwrap(await api.departmentTable({ scope })));
            const columns = [...DEPARTMENT_TABLE_COLUMNS];
            if (format === 'csv') ctx.out.write(toCsv(columns, rows));
            else ctx.out.write(JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])))) + '\n');
            return;
          }
          case 'matrix':
            return printTable(ctx, unwrap(await api.collaborationMatrix({ scope })), format);
          case 'series':
            return printTable(ctx, unwrap(await api.departmentSeries({ scope, by })), format);
          case 'ties':
            return printTable(ctx, unwrap(await api.collaborationIndex({ scope })), format);
          case 'channel-matrix':
            return printTable(ctx, unwrap(await api.departmentChannelMatrix({ scope })), format);
          case 'depth':
            return printTable(ctx, unwrap(await api.depthProfile({ scope })), format);
          case 'advisor':
          case 'totals': {
            if (format !== 'json') throw new UsageError(`--${view} prints JSON only`);
            const value = view === 'advisor' ? unwrap(await api.advisorEffect({ scope })) : unwrap(await api.departmentTotals({ scope }));
            return printJson(ctx, value);
          }
        }
      });
    },
  },
};
