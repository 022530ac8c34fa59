/**
 * Evaluation setups: named (period, w, component weights, peer grouping) saved
 * in the workspace; `default` is implicit with the SPEC defaults.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS } from '../../src-main/common/evaluationApi';
import type { Engine } from '../../src-main/engine/engine';
import { Engine as EngineClass } from '../../src-main/engine/engine';
import { closeAfterEach, newEngine, seed } from '../helpers/workspace';

const track = closeAfterEach();

async function engine(): Promise<Engine> {
  const e = await newEngine();
  track(e);
  return e;
}

function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const HOURS_ONLY = { hours: 1, events: 0, reach: 0, outcomes: 0, diversity: 0, cross: 0 };

describe('evaluation setups', () => {
  it('lists the implicit default with the SPEC defaults', async () => {
    const { setups } = value(await (await engine()).api().evaluationSetups({}));
    expect(setups).toEqual([{ name: 'default', weight: 0.4, weights: { ...DEFAULT_WEIGHTS }, peer: 'grade', created_at: null, builtin: true }]);
  });

  it('saves, refuses to overwrite without replace, copies and deletes, and keeps them in the workspace file', async () => {
    const e = await engine();
    const api = e.api();
    const saved = value(await api.saveEvaluationSetup({ name: 'HR 2019', period: '2019', weight: 0.5, weights: HOURS_ONLY, peer: 'department' }));
    expect(saved).toMatchObject({ name: 'HR 2019', period: '2019', weight: 0.5, weights: HOURS_ONLY, peer: 'department', builtin: false });
    expect(saved.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const again = await api.saveEvaluationSetup({ name: 'HR 2019', weight: 0.3 });
    expect(again.ok || again.error.message).toMatch(/already exists/);
    expect(value(await api.saveEvaluationSetup({ name: 'HR 2019', weight: 0.3, replace: true })).weight).toBe(0.3);
    value(await api.saveEvaluationSetup({ name: 'HR 2019', period: '2019', weight: 0.5, weights: HOURS_ONLY, peer: 'department', replace: true }));
    const copy = value(await api.copyEvaluationSetup({ from: 'HR 2019', to: 'HR 2019 (copy)' }));
    expect(copy).toMatchObject({ name: 'HR 2019 (copy)', period: '2019', weight: 0.5, weights: HOURS_ONLY, peer: 'department' });
    expect((await api.copyEvaluationSetup({ from: 'nope', to: 'x' })).ok).toBe(false);
    expect(value(await api.deleteEvaluationSetup({ name: 'HR 2019 (copy)' }))).toEqual({ deleted: true });
    expect((await api.deleteEvaluationSetup({ name: 'HR 2019 (copy)' })).ok).toBe(false);
    // Reopen the file: the setup is stored with the workspace, and every change is in the audit log.
    const file = e.workspace.path;
    await e.close();
    const reopened = await EngineClass.open(file);
    track(reopened);
    const names = value(await reopened.api().evaluationSetups({})).setups.map((s) => s.name);
    expect(names).toEqual(['default', 'HR 2019']);
    const audit = await reopened.workspace.use('read', async (c) =>
      (await c.runAndReadAll("SELECT count(*)::INTEGER AS n FROM audit_log WHERE action LIKE 'evaluation_setup.%'")).getRowObjectsJS()[0]?.n,
    );
    expect(audit).toBe(5); // save, replace, replace, copy (a save), delete
  });

  it('validates what is saved like an evaluation request', async () => {
    const api = (await engine()).api();
    const bad = await api.saveEvaluationSetup({ name: 'x', weights: { ...HOURS_ONLY, events: 0.5 } });
    expect(bad.ok || bad.error.message).toMatch(/weights: .*sum to 1/);
    expect((await api.saveEvaluationSetup({ name: 'x', weight: 2 })).ok).toBe(false);
    expect((await api.saveEvaluationSetup({ name: '  ' })).ok).toBe(false);
    expect((await api.saveEvaluationSetup({ name: 'x', period: '19' })).ok).toBe(false);
  });

  it('changing the default never changes a saved setup', async () => {
    const api = (await engine()).api();
    value(await api.copyEvaluationSetup({ from: 'default', to: 'mine' }));
    const refused = await api.saveEvaluationSetup({ name: 'default', weight: 0.5 });
    expect(refused.ok).toBe(false); // the implicit default exists: replacing it must be explicit
    value(await api.saveEvaluationSetup({ name: 'default', weight: 0.5, weights: HOURS_ONLY, peer: 'all', replace: true }));
    const setups = value(await api.evaluationSetups({})).setups;
    expect(setups[0]).toMatchObject({ name: 'default', weight: 0.5, peer: 'all', builtin: false });
    expect(setups.find((s) => s.name === 'mine')).toMatchObject({ weight: 0.4, weights: { ...DEFAULT_WEIGHTS }, peer: 'grade' });
    // Deleting the saved default restores the SPEC defaults; 'mine' is still untouched.
    value(await api.deleteEvaluationSetup({ name: 'default' }));
    const after = value(await api.evaluationSetups({})).setups;
    expect(after[0]).toMatchObject({ name: 'default', weight: 0.4, builtin: true });
    expect(after.find((s) => s.name === 'mine')).toMatchObject({ weight: 0.4 });
    expect((await api.deleteEvaluationSetup({ name: 'default' })).ok).toBe(false);
  });

  it('compares two setups field by field and, for a period, by their composites and ranks', async () => {
    const e = await engine();
    // Three employees, one event: A 1 h, B 2 h, C none. Peer everyone (n = 3 < 5 → everyone anyway).
    // hours-only E: A rank 2 → 50, B rank 3 → 100, C → 0.
    // Setup "hours" (w = 1, hours only): F = E → A 50, B 100, C 0 → ranks B 1, A 2, C 3.
    // default (w = 0.4): hours A 50, B 100; events, reach (10/2 staff = 5 each), diversity, outcomes: A = B → rank 2 → 50,
    //   C 0; cross 0 for all (one department).
    //   E_A = 15 + 10 + 7.5 + 7.5 + 5 + 0 = 45; E_B = 30 + 10 + 7.5 + 7.5 + 5 = 60; E_C = 0.
    //   F = 0.6·S + 0.4·E with S = A 90, B 10, C 50: F_A = 54 + 18 = 72, F_B = 6 + 24 = 30, F_C = 30 + 0 = 30
    //   → ranks A 1, B = C 2 (tie).
    // So A (1 → 2), B (2 → 1) and C (2 → 3) all change rank: rank_changed = 3.
    // Correlation of (72, 30, 30) with (50, 100, 0): means 44, 50; deviations (28, −14, −14), (0, 50, −50);
    //   cov = (0 − 700 + 700)/3 = 0 → r = 0.
    await seed(
      e,
      `INSERT INTO employees (employee_id, department_id, grade) VALUES ('A','D1','7급'), ('B','D1','7급'), ('C','D1','7급')`,
      `INSERT INTO events (event_id, occurred_on, channel, citizens_reached, stakeholder_groups, outcome) VALUES ('V', DATE '2019-02-01', 'forum', 10, ['residents'], 'adopted')`,
      `INSERT INTO participations (event_id, employee_id, department_id, role, hours) VALUES ('V','A','D1','host',1), ('V','B','D1','host',2)`,
      `INSERT INTO evaluations (employee_id, period, performance_score) VALUES ('A','2019',90), ('B','2019',10), ('C','2019',50)`,
    );
    const api = e.api();
    value(await api.saveEvaluationSetup({ name: 'hours', period: '2019', weight: 1, weights: HOURS_ONLY, peer: 'all' }));
    const noPeriod = value(await api.compareEvaluationSetups({ a: 'default', b: 'hours' }));
    expect(noPeriod.scores).toBeUndefined();
    expect(noPeriod.note).toMatch(/give a period/);
    expect(noPeriod.differences).toEqual([
      { field: 'period', a: null, b: '2019' },
      { field: 'weight', a: 0.4, b: 1 },
      { field: 'peer', a: 'grade', b: 'all' },
      { field: 'weights.hours', a: 0.3, b: 1 },
      { field: 'weights.events', a: 0.2, b: 0 },
      { field: 'weights.reach', a: 0.15, b: 0 },
      { field: 'weights.outcomes', a: 0.15, b: 0 },
      { field: 'weights.diversity', a: 0.1, b: 0 },
      { field: 'weights.cross', a: 0.1, b: 0 },
    ]);
    const c = value(await api.compareEvaluationSetups({ a: 'default', b: 'hours', period: '2019' }));
    expect(c.scores).toMatchObject({ period: '2019', n: 3, rank_changed: 3 });
    expect(c.scores!.composite_correlation).toBeCloseTo(0, 12);
    const same = value(await api.compareEvaluationSetups({ a: 'hours', b: 'hours' }));
    expect(same.differences).toEqual([]);
    expect(same.scores).toMatchObject({ period: '2019', rank_changed: 0 });
    expect(same.scores!.composite_correlation).toBeCloseTo(1, 12);
  });
});
