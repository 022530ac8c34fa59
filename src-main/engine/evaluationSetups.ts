/**
 * Evaluation setups: the period, engagement weight w, component weights and
 * peer grouping a score is computed with, saved by name in the workspace
 * (`settings` row `evaluation_setup:<name>`, JSON value) so an HR system can
 * show what a score was computed with. `default` exists implicitly with the
 * SPEC defaults; a saved setup holds its own values, so changing the default
 * never changes it. Every change is written to `audit_log`.
 */
import { z } from 'zod';
import {
  COMPONENTS, DEFAULT_ENGAGEMENT_WEIGHT, DEFAULT_WEIGHTS, PEER_GROUPINGS, Period, Weights,
  type EvaluationSetup, type SetupComparison, type SetupDifference,
} from '../common/evaluationApi';
import { SotongError } from '../common/result';
import { compareScores } from './evaluation';
import type { Workspace } from './workspace';
import { inTransaction } from './transaction';

const KEY_PREFIX = 'evaluation_setup:';
export const DEFAULT_SETUP_NAME = 'default';

export const builtinDefault = (): EvaluationSetup => ({
  name: DEFAULT_SETUP_NAME,
  weight: DEFAULT_ENGAGEMENT_WEIGHT,
  weights: { ...DEFAULT_WEIGHTS },
  peer: 'grade',
  created_at: null,
  builtin: true,
});

/** What a stored value must look like; a row that does not is skipped, not trusted. */
const Stored = z.object({
  name: z.string(),
  period: Period.optional(),
  weight: z.number().min(0).max(1),
  weights: Weights,
  peer: z.enum(PEER_GROUPINGS),
  created_at: z.string(),
});

async function readSaved(ws: Workspace): Promise<Map<string, EvaluationSetup>> {
  const rows = await ws.use('read', async (conn) =>
    (
      await conn.runAndReadAll('SELECT key, value::VARCHAR AS value FROM settings WHERE starts_with(key, $prefix) ORDER BY key', { prefix: KEY_PREFIX })
    ).getRowObjectsJS() as { key: string; value: string | null }[],
  );
  const out = new Map<string, EvaluationSetup>();
  for (const r of rows) {
    let parsed;
    try {
      parsed = Stored.safeParse(JSON.parse(r.value ?? 'null'));
    } catch {
      continue;
    }
    if (!parsed.success) continue;
    const name = r.key.slice(KEY_PREFIX.length);
    out.set(name, { ...parsed.data, name, builtin: false });
  }
  return out;
}

/** Every setup, `default` first. */
export async function listSetups(ws: Workspace): Promise<EvaluationSetup[]> {
  const saved = await readSaved(ws);
  const def = saved.get(DEFAULT_SETUP_NAME) ?? builtinDefault();
  saved.delete(DEFAULT_SETUP_NAME);
  return [def, ...[...saved.values()].sort((a, b) => a.name.localeCompare(b.name))];
}

export async function getSetup(ws: Workspace, name: string, field = 'name'): Promise<EvaluationSetup> {
  const found = (await listSetups(ws)).find((s) => s.name === name);
  if (!found) throw new SotongError('VALIDATION', `${field}: there is no evaluation setup named "${name}".`, { field });
  return found;
}

export interface SaveSetupRequest {
  name: string;
  period?: string;
  weight: number;
  weights: EvaluationSetup['weights'];
  peer: EvaluationSetup['peer'];
  replace: boolean;
}

/** Creates a setup; an existing name (the implicit default included) is refused unless `replace`. */
export async function saveSetup(ws: Workspace, req: SaveSetupRequest): Promise<EvaluationSetup> {
  ws.assertWritable();
  const setup: EvaluationSetup = {
    name: req.name,
    ...(req.period ? { period: req.period } : {}),
    weight: req.weight,
    weights: Object.fromEntries(COMPONENTS.map((c) => [c, req.weights[c]])) as EvaluationSetup['weights'],
    peer: req.peer,
    created_at: new Date().toISOString(),
    builtin: false,
  };
  const exists = req.name === DEFAULT_SETUP_NAME || (await readSaved(ws)).has(req.name);
  if (exists && !req.replace) {
    throw new SotongError('VALIDATION', `name: an evaluation setup named "${req.name}" already exists; choose another name or replace it.`, { field: 'name' });
  }
  const { builtin: _builtin, name: _name, ...stored } = setup;
  await ws.use('write', async (conn) => {
    await inTransaction(conn, async () => {
      await conn.run('DELETE FROM settings WHERE key = $key', { key: KEY_PREFIX + req.name });
      await conn.run('INSERT INTO settings VALUES ($key, $value::JSON)', { key: KEY_PREFIX + req.name, value: JSON.stringify({ name: req.name, ...stored }) });
      await conn.run("INSERT INTO audit_log VALUES (current_timestamp::TIMESTAMP, 'evaluation_setup.save', $details::JSON)", {
        details: JSON.stringify({ ...setup, replaced: exists }),
      });
    });
  });
  return setup;
}

export async function copySetup(ws: Workspace, req: { from: string; to: string; replace: boolean }): Promise<EvaluationSetup> {
  const source = await getSetup(ws, req.from, 'from');
  if (req.to === req.from) throw new SotongError('VALIDATION', 'to: a setup cannot be copied onto itself.', { field: 'to' });
  return saveSetup(ws, {
    name: req.to,
    ...(source.period ? { period: source.period } : {}),
    weight: source.weight,
    weights: source.weights,
    peer: source.peer,
    replace: req.replace,
  });
}

/** Deletes a saved setup; deleting `default` restores the SPEC defaults. */
export async function deleteSetup(ws: Workspace, name: string): Promise<{ deleted: boolean }> {
  ws.assertWritable();
  const saved = await readSaved(ws);
  if (!saved.has(name)) {
    if (name === DEFAULT_SETUP_NAME) {
      throw new SotongError('VALIDATION', 'name: the default setup is built in and already holds the SPEC defaults; there is nothing to delete.', { field: 'name' });
    }
    throw new SotongError('VALIDATION', `name: there is no evaluation setup named "${name}".`, { field: 'name' });
  }
  await ws.use('write', async (conn) => {
    await inTransaction(conn, async () => {
      await conn.run('DELETE FROM settings WHERE key = $key', { key: KEY_PREFIX + name });
      await conn.run("INSERT INTO audit_log VALUES (current_timestamp::TIMESTAMP, 'evaluation_setup.delete', $details::JSON)", {
        details: JSON.stringify({ name }),
      });
    });
  });
  return { deleted: true };
}

/** Field-by-field differences and, for a period, how the composites and ranks differ. */
export async function compareSetups(ws: Workspace, req: { a: string; b: string; period?: string }): Promise<SetupComparison> {
  const a = await getSetup(ws, req.a, 'a');
  const b = await getSetup(ws, req.b, 'b');
  const differences: SetupDifference[] = [];
  const diff = (field: string, x: unknown, y: unknown) => {
    if (x !== y) differences.push({ field, a: x ?? null, b: y ?? null });
  };
  diff('period', a.period, b.period);
  diff('weight', a.weight, b.weight);
  diff('peer', a.peer, b.peer);
  for (const c of COMPONENTS) diff(`weights.${c}`, a.weights[c], b.weights[c]);
  const period = req.period ?? (a.period !== undefined && a.period === b.period ? a.period : undefined);
  if (period === undefined) {
    return {
      a,
      b,
      differences,
      note: 'No scores compared: give a period (the setups do not name the same one).',
    };
  }
  const scores = await compareScores(ws, { period, weight: a.weight, weights: a.weights, peer: a.peer }, { period, weight: b.weight, weights: b.weights, peer: b.peer });
  return {
    a,
    b,
    differences,
    scores: { period, ...scores },
    ...(scores.composite_correlation === null ? { note: 'composite_correlation is undefined: under one of the setups every employee has the same composite.' } : {}),
  };
}
