/**
 * CLI commands of the continuity feature:
 *   continuity --before ID --after ID [--window-months 12] [--min-events 3] [--series events|hours|engaged]  → JSON
 *   continuity --timeline | --summary                                                                      → CSV
 *   administrations [list] | add | update | delete
 * Notes (why a metric is null, windows beyond the data) go to stderr.
 */
import type { Scope } from '../../common/scope';
import { CONTINUITY_SERIES, type ContinuitySeries } from '../../common/continuityApi';
import type { Command, CommandContext } from '../commands';
import { UsageError } from '../errors';
import { printJson, printTable, SCOPE_FILTER_OPTIONS, scopeFilters, unwrap, withEngine, workspacePath } from '../context';

const str = (ctx: CommandContext, name: string): string | undefined => {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
};

function positiveInt(ctx: CommandContext, name: string): number | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v.trim())) throw new UsageError(`--${name} must be a whole number, not "${v}"`);
  return Number(v);
}



function scopeOf(ctx: CommandContext): Scope | undefined {
  const scope = scopeFilters(ctx) as Scope;
  return Object.keys(scope).length ? scope : undefined;
}

const continuityCommand: Command = {
  usage:
    'continuity --workspace FILE --before ID --after ID [--window-months 12] [--min-events 3] [--series events|hours|engaged] ' +
    '[--department D…] [--bureau B…] [--channel C…] [--program P…] | --timeline | --summary',
  summary: 'compare two administrations (JSON); --timeline per program, --summary per administration (CSV)',
  options: {
    before: { type: 'string' },
    after: { type: 'string' },
    'window-months': { type: 'string' },
    'min-events': { type: 'string' },
    series: { type: 'string' },
    timeline: { type: 'boolean' },
    summary: { type: 'boolean' },
    ...SCOPE_FILTER_OPTIONS,
  },
  run: async (ctx) => {
    // Checked before withEngine, which reports any failure to open as a user error (exit 1).
    workspacePath(ctx);
    const timeline = ctx.values.timeline === true;
    const summary = ctx.values.summary === true;
    if (timeline && summary) throw new UsageError('give --timeline or --summary, not both');
    const windowMonths = positiveInt(ctx, 'window-months');
    const minEvents = positiveInt(ctx, 'min-events');
    const series = str(ctx, 'series');
    if (series !== undefined && !(CONTINUITY_SERIES as readonly string[]).includes(series)) {
      throw new UsageError(`--series must be one of ${CONTINUITY_SERIES.join(', ')}, not "${series}"`);
    }
    const scope = scopeOf(ctx);
    const common = { ...(minEvents !== undefined ? { minEvents } : {}), ...(scope ? { scope } : {}) };
    const window = windowMonths !== undefined ? { windowMonths } : {};
    if (timeline || summary) {
      await withEngine(ctx, false, async (engine) => {
        const bytes = timeline
          ? unwrap(await engine.api().programTimeline({ ...common, ...window }))
          : unwrap(await engine.api().continuitySummary(common));
        printTable(ctx, bytes);
      });
      return;
    }
    const before = str(ctx, 'before');
    const after = str(ctx, 'after');
    if (!before || !after) throw new UsageError('--before ID and --after ID are required (or --timeline / --summary)');
    await withEngine(ctx, false, async (engine) => {
      const c = unwrap(
        await engine.api().continuity({ before, after, ...common, ...window, ...(series ? { series: series as ContinuitySeries } : {}) }),
      );
      for (const note of [c.program_survival_note, c.staff_retention_note, c.its_note, c.department_rank_stability_note, ...c.notes]) {
        if (note) ctx.err.write(`note: ${note}\n`);
      }
      printJson(ctx, {
        program_survival: c.program_survival,
        programs_before: c.programs_before,
        programs_after: c.programs_after,
        ended: c.ended,
        started: c.started,
        staff_retention: c.staff_retention,
        its: c.its && {
          b0: c.its.b0,
          b1: c.its.b1,
          b2: c.its.b2,
          b3: c.its.b3,
          se2: c.its.se2,
          se3: c.its.se3,
          months_before: c.its.months_before,
          months_after: c.its.months_after,
        },
        department_rank_stability: c.department_rank_stability,
      });
    });
  },
};

/** `--ends-on open` (or an empty value) clears the end: still in office. */
function endsOn(ctx: CommandContext): string | null | undefined {
  const v = str(ctx, 'ends-on');
  if (v === undefined) return undefined;
  return v === '' || v.toLowerCase() === 'open' ? null : v;
}

const administrationsCommand: Command = {
  usage:
    'administrations --workspace FILE [list | add --id ID --starts-on DATE [--ends-on DATE|open] [--name N] [--head H] [--agenda A] | ' +
    'update --id ID [--starts-on DATE] [--ends-on DATE|open] [--name N] [--head H] [--agenda A] | delete --id ID]',
  summary: 'list (CSV), add, update or delete administrations',
  options: {
    id: { type: 'string' },
    name: { type: 'string' },
    head: { type: 'string' },
    'starts-on': { type: 'string' },
    'ends-on': { type: 'string' },
    agenda: { type: 'string' },
  },
  run: async (ctx) => {
    workspacePath(ctx);
    const [action = 'list', ...extra] = ctx.positionals;
    if (extra.length) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    if (!['list', 'add', 'update', 'delete'].includes(action)) throw new UsageError(`unknown action "${action}": use list, add, update or delete`);
    const id = str(ctx, 'id');
    if (action === 'list') {
      await withEngine(ctx, false, async (engine) => printTable(ctx, unwrap(await engine.api().listAdministrations({}))));
      return;
    }
    if (!id) throw new UsageError(`administrations ${action} needs --id ID`);
    const fields = {
      ...(str(ctx, 'name') !== undefined ? { name: str(ctx, 'name') } : {}),
      ...(str(ctx, 'head') !== undefined ? { head: str(ctx, 'head') } : {}),
      ...(str(ctx, 'agenda') !== undefined ? { agenda: str(ctx, 'agenda') } : {}),
    };
    await withEngine(ctx, false, async (engine) => {
      const api = engine.api();
      if (action === 'delete') {
        printJson(ctx, unwrap(await api.deleteAdministration({ administration_id: id })));
      } else if (action === 'add') {
        const startsOn = str(ctx, 'starts-on');
        if (!startsOn) throw new UsageError('administrations add needs --starts-on DATE');
        const end = endsOn(ctx);
        printJson(ctx, unwrap(await api.addAdministration({ administration_id: id, starts_on: startsOn, ...(end !== undefined ? { ends_on: end } : {}), ...fields })));
      } else {
        const startsOn = str(ctx, 'starts-on');
        const end = endsOn(ctx);
        printJson(
          ctx,
          unwrap(
            await api.updateAdministration({
              administration_id: id,
              ...(startsOn !== undefined ? { starts_on: startsOn } : {}),
              ...(end !== undefined ? { ends_on: end } : {}),
              ...fields,
            }),
          ),
        );
      }
    });
  },
};

export const continuityCommands: Record<string, Command> = {
  continuity: continuityCommand,
  administrations: administrationsCommand,
};
