/**
 * CLI commands of the evaluation feature:
 *   evaluate --period P [--weight 0.4] [--peer grade|department|all]
 *            [--weights hours=0.3,events=0.2,reach=0.15,outcomes=0.15,diversity=0.1,cross=0.1]
 *            [--format csv|json] [--summary | --employee ID]
 */
import type { Command, CommandContext } from '../commands';
import { COMPONENTS, PEER_GROUPINGS, type Component, type ComponentWeights, type PeerGrouping } from '../../common/evaluationApi';
import { UsageError } from '../errors';
import { outputFormat, printJson, printTable, unwrap, withEngine } from '../context';

/** `hours=0.3,events=0.2,…` → the six weights; every component must be named once. */
export function parseWeights(text: string): ComponentWeights {
  const out: Partial<ComponentWeights> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z]+)\s*=\s*(.+)$/.exec(part);
    if (!m) throw new UsageError(`--weights: "${part}" is not name=number`);
    const name = m[1] as Component;
    if (!(COMPONENTS as readonly string[]).includes(name)) throw new UsageError(`--weights: unknown component "${m[1]}" (components: ${COMPONENTS.join(', ')})`);
    if (name in out) throw new UsageError(`--weights: ${name} is given twice`);
    const v = Number(m[2]);
    if (!Number.isFinite(v)) throw new UsageError(`--weights: ${name}=${m[2]} is not a number`);
    out[name] = v;
  }
  const missing = COMPONENTS.filter((c) => !(c in out));
  if (missing.length) throw new UsageError(`--weights: give all six components; missing: ${missing.join(', ')}`);
  return out as ComponentWeights;
}

function settings(ctx: CommandContext) {
  const period = ctx.values.period;
  if (typeof period !== 'string' || period === '') throw new UsageError('--period P is required (e.g. 2019, 2019H1, 2019H2)');
  const s: { period: string; weight?: number; peer?: PeerGrouping; weights?: ComponentWeights } = { period };
  if (ctx.values.weight !== undefined) {
    const text = String(ctx.values.weight).trim();
    const w = Number(text);
    if (text === '' || !Number.isFinite(w)) throw new UsageError(`--weight must be a number between 0 and 1, not "${text}"`);
    s.weight = w;
  }
  if (ctx.values.peer !== undefined) {
    const peer = String(ctx.values.peer);
    if (!(PEER_GROUPINGS as readonly string[]).includes(peer)) throw new UsageError(`--peer must be one of ${PEER_GROUPINGS.join(', ')}, not "${peer}"`);
    s.peer = peer as PeerGrouping;
  }
  if (ctx.values.weights !== undefined) s.weights = parseWeights(String(ctx.values.weights));
  return s;
}

export const evaluateCommand: Command = {
  usage:
    'evaluate --workspace FILE --period P [--weight 0.4] [--peer grade|department|all] [--weights hours=0.3,…] [--format csv|json] [--summary | --employee ID]',
  summary: 'engagement, composite and ranks per evaluated employee; --summary: effective weight and sensitivity; --employee: one explanation',
  options: {
    period: { type: 'string' },
    weight: { type: 'string' },
    peer: { type: 'string' },
    weights: { type: 'string' },
    summary: { type: 'boolean' },
    employee: { type: 'string' },
  },
  run: async (ctx) => {
    if (ctx.positionals.length) throw new UsageError(`unexpected argument "${ctx.positionals[0]}"`);
    const s = settings(ctx);
    const employee = ctx.values.employee;
    if (ctx.values.summary && employee !== undefined) throw new UsageError('give either --summary or --employee, not both');
    if (employee !== undefined && (typeof employee !== 'string' || employee === '')) throw new UsageError('--employee needs an employee_id');
    const format = outputFormat(ctx, 'csv');
    await withEngine(ctx, false, async (engine) => {
      const api = engine.api();
      if (ctx.values.summary) {
        const summary = unwrap(await api.evaluationSummary(s));
        for (const note of summary.notes) ctx.err.write(`note: ${note}\n`);
        printJson(ctx, { n: summary.n, effective_weight: summary.effective_weight, sensitivity: summary.sensitivity });
      } else if (typeof employee === 'string') {
        printJson(ctx, unwrap(await api.explainEmployee({ ...s, employeeId: employee })));
      } else {
        printTable(ctx, unwrap(await api.evaluate(s)), format);
      }
    });
  },
};

export const evaluationCommands: Record<string, Command> = { evaluate: evaluateCommand };
