/**
 * The Leadership profile, through the API: small groups never leave the
 * engine, not directly, not by subtracting rows from a total, and not by
 * narrowing filters one department at a time (a scripted attacker).
 *
 * Fixture (k = 5), all in 2019:
 *   D1: 6 employees (E1..E6) at a forum in March, 2 h each, and
 *       E1, E2 at a forum in September, 1 h each               → atom (D1, 2019, forum) has 6 ≥ 5: kept
 *   D2: 2 employees (E7, E8) at forum events, 3 h each          → atom (D2, 2019, forum) has 2: removed
 *   D3: 5 employees (E9..E13) at forum events, 1 h each,
 *       and E9 alone at an online event, 4 h                     → (D3, forum) kept; (D3, online) has 1: removed
 *   D4: department-level logs only (no employee), 5 h           → describes a department, not a person: kept
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine/engine';
import { chooseSuppressed } from '../../src-main/engine/privacy';
import { arrowRows } from '../../src-main/cli/format';
import { newEngine, seed } from '../helpers/workspace';

let engine: Engine;

const staff = (from: number, to: number, dept: string) =>
  Array.from({ length: to - from + 1 }, (_, i) => `('E${from + i}', '${dept}', '7급', DATE '2010-01-01', NULL, NULL)`).join(', ');

beforeAll(async () => {
  engine = await newEngine();
  await seed(
    engine,
    `INSERT INTO departments VALUES ('D1','혁신과','Innovation','B1',NULL,NULL), ('D2','소통과','Communication','B1',NULL,NULL),
       ('D3','청년과','Youth','B2',NULL,NULL), ('D4','마을과','Villages','B2',NULL,NULL)`,
    `INSERT INTO employees VALUES ${staff(1, 6, 'D1')}, ${staff(7, 8, 'D2')}, ${staff(9, 13, 'D3')}`,
    `INSERT INTO events VALUES
       ('F1', DATE '2019-03-05', 'forum', 'P', 100, ['residents'], 'recorded', 'consult', NULL),
       ('F2', DATE '2019-04-10', 'forum', 'P', 50, ['youth'], 'adopted', 'involve', NULL),
       ('F3', DATE '2019-05-20', 'forum', 'P', 30, ['ngo'], 'none', 'consult', NULL),
       ('O1', DATE '2019-06-01', 'online', 'Q', 10, ['residents'], 'none', 'inform', NULL),
       ('F4', DATE '2019-09-09', 'forum', 'P', 20, ['residents'], 'none', 'consult', NULL),
       ('V1', DATE '2019-07-01', 'neighborhood', 'R', 40, ['residents'], 'recorded', 'consult', NULL)`,
    `INSERT INTO participations
       SELECT 'F1', 'E' || i, 'D1', 'participant', 2, NULL FROM range(1, 7) t(i)
       UNION ALL SELECT 'F2', 'E' || i, 'D2', 'participant', 3, NULL FROM range(7, 9) t(i)
       UNION ALL SELECT 'F3', 'E' || i, 'D3', 'participant', 1, NULL FROM range(9, 14) t(i)
       UNION ALL SELECT 'O1', 'E9', 'D3', 'responder', 4, NULL
       UNION ALL SELECT 'V1', NULL, 'D4', 'host', 5, NULL
       UNION ALL SELECT 'F4', 'E' || i, 'D1', 'participant', 1, NULL FROM range(1, 3) t(i)`,
  );
});
afterAll(() => engine.close());

const table = async (method: 'departmentTable' | 'depthProfile' | 'departmentChannelMatrix', scope = {}) => {
  const r = await engine.dispatch(method, { scope });
  if (!r.ok) throw new Error(r.error.message);
  return arrowRows(r.value as Uint8Array).rows;
};
const totals = async (scope = {}) => {
  const r = await engine.api().departmentTotals({ scope });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const row = (rows: Record<string, unknown>[], id: string) => rows.find((r) => r.department_id === id)!;

describe('Leadership profile', () => {
  it('starts in Analyst, where D2 is visible: 2 employees × 3 h = 6 h', async () => {
    expect((await engine.api().getProfile({})).ok && (await engine.api().getProfile({}))).toMatchObject({ value: { profile: 'analyst', k: 5 } });
    const d2 = row(await table('departmentTable'), 'D2');
    expect(d2.hours_per_head).toBe(3); // 6 h / headcount 2
  });

  it('switches to Leadership and records it in the audit log', async () => {
    const r = await engine.api().setProfile({ profile: 'leadership' });
    expect(r.ok && r.value).toMatchObject({ profile: 'leadership', k: 5 });
    const log = await engine.workspace.use('read', async (c) => (await c.runAndReadAll("SELECT action FROM audit_log ORDER BY logged_at")).getRowObjectsJS(), { unfiltered: true });
    expect(log.map((l) => l.action)).toContain('profile.leadership');
  });

  it('refuses individual-level methods', async () => {
    for (const [method, payload] of [
      ['sql', { sql: 'SELECT * FROM participations' }],
      ['evaluate', { period: '2019' }],
      ['explainEmployee', { period: '2019', employeeId: 'E1' }],
      ['sqlPage', { sql: 'SELECT 1' }],
      ['importPreview', { path: '/tmp/x.csv' }],
    ] as const) {
      const r = await engine.dispatch(method, payload);
      expect(r.ok, method).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('FORBIDDEN');
    }
  });

  it('suppresses D2 (2 employees) in the department table: "< k", no values', async () => {
    const rows = await table('departmentTable', { from: '2019-01-01', to: '2019-12-31' });
    const d2 = row(rows, 'D2');
    expect(d2.suppressed).toBe(true);
    for (const m of ['headcount', 'engaged_share', 'hours_per_head', 'events', 'citizens_reached', 'cross_share']) expect(d2[m]).toBeNull();
    expect(row(rows, 'D1')).toMatchObject({ suppressed: false, hours_per_head: 14 / 6 }); // (12 + 2) h / 6
    // D3 keeps its forum atom only: 5 × 1 h; E9's lone online hour (4 h) is gone.
    expect(row(rows, 'D3')).toMatchObject({ suppressed: false, hours_per_head: 1 });
    expect(row(rows, 'D4').events).toBe(1); // department-level log: not a person
  });

  it('a row total minus the visible rows gives nothing back', async () => {
    const rows = await table('departmentTable', { from: '2019-01-01', to: '2019-12-31' });
    const t = await totals({ from: '2019-01-01', to: '2019-12-31' });
    const visibleHours = rows.filter((r) => !r.suppressed).reduce((s, r) => s + (r.hours_per_head as number) * (r.headcount as number || 0), 0);
    // D1 14 h + D3 5 h (+ D4's 5 h has headcount 0, so it is in the total only): 14 + 5 + 5 = 24
    expect(t.hours).toBe(24);
    expect(t.hours! - visibleHours - 5).toBeCloseTo(0, 9); // nothing of D2's 6 h or E9's 4 h
  });

  it('a scripted attacker narrowing departments one at a time learns nothing about small groups', async () => {
    const all = ['D1', 'D2', 'D3', 'D4'];
    const base = await totals({ from: '2019-01-01', to: '2019-12-31', departments: all });
    const trueStaff: Record<string, number> = { D1: 6, D2: 2, D3: 6, D4: 0 };
    for (const d of all) {
      const without = await totals({ from: '2019-01-01', to: '2019-12-31', departments: all.filter((x) => x !== d) });
      const diffHours = (base.hours ?? 0) - (without.hours ?? 0);
      const diffStaff = (base.staff_engaged ?? 0) - (without.staff_engaged ?? 0);
      if (trueStaff[d]! > 0 && trueStaff[d]! < 5) {
        expect(diffHours, d).toBe(0);
        expect(diffStaff, d).toBe(0);
      }
      // What the difference reveals about any department is a group of ≥ 5 people or none.
      expect(diffStaff === 0 || diffStaff >= 5, d).toBe(true);
    }
    // Narrowing to the small department alone shows nothing either.
    const d2 = await totals({ from: '2019-01-01', to: '2019-12-31', departments: ['D2'] });
    expect(d2.hours ?? 0).toBe(0);
  });

  it('suppresses a monthly cell of 2 employees, and the smallest other cell with it', async () => {
    // Cells (month, department) after layer 1: Mar D1 = 6 people, Sep D1 = 2, May D3 = 5, Jul D4 = 0 (no staff).
    // Sep D1 (2 < 5) is suppressed; alone it could be recovered from D1's yearly total, so the smallest
    // other cell with people, May D3 (5), is suppressed too: together 7 ≥ 5.
    const r = await engine.api().departmentSeries({ scope: { from: '2019-01-01', to: '2019-12-31' }, by: 'department' });
    if (!r.ok) throw new Error(r.error.message);
    const rows = arrowRows(r.value).rows;
    const cell = (month: string, d: string) => rows.find((x) => x.month === month && x.department_id === d)!;
    expect(cell('2019-09-01', 'D1')).toMatchObject({ suppressed: true, hours: null, events: null });
    expect(cell('2019-05-01', 'D3')).toMatchObject({ suppressed: true, hours: null });
    expect(cell('2019-03-01', 'D1')).toMatchObject({ suppressed: false, hours: 12 });
    expect(cell('2019-07-01', 'D4')).toMatchObject({ suppressed: false, hours: 5 });
    expect(rows.some((x) => x.department_id === 'D2')).toBe(false);
  });

  it('refuses sub-year windows and program filters', async () => {
    const r = await engine.api().departmentTable({ scope: { from: '2019-03-01', to: '2019-12-31' } });
    expect(!r.ok && r.error).toMatchObject({ code: 'VALIDATION', details: { field: 'scope.from' } });
    const p = await engine.api().departmentTable({ scope: { programs: ['P'] } });
    expect(!p.ok && p.error.details).toMatchObject({ field: 'scope.programs' });
  });

  it('k is an integer ≥ 2, can only be raised in Leadership, and leaving needs a confirmation', async () => {
    expect((await engine.api().setProfile({ profile: 'leadership', k: 1 })).ok).toBe(false);
    expect((await engine.api().setProfile({ profile: 'leadership', k: 2.5 })).ok).toBe(false);
    const lower = await engine.api().setProfile({ profile: 'leadership', k: 3 });
    expect(!lower.ok && lower.error.message).toMatch(/only be raised/);
    const raised = await engine.api().setProfile({ profile: 'leadership', k: 7 });
    expect(raised.ok && raised.value.k).toBe(7);
    const d1 = row(await table('departmentTable', { from: '2019-01-01', to: '2019-12-31' }), 'D1');
    expect(d1.suppressed).toBe(true); // 6 < 7
    const unconfirmed = await engine.api().setProfile({ profile: 'analyst' });
    expect(!unconfirmed.ok && unconfirmed.error.details).toMatchObject({ field: 'confirm' });
    const back = await engine.api().setProfile({ profile: 'analyst', confirm: true });
    expect(back.ok && back.value.profile).toBe('analyst');
    expect(row(await table('departmentTable'), 'D2').hours_per_head).toBe(3); // the real data again
    const log = await engine.workspace.use('read', async (c) => (await c.runAndReadAll('SELECT action, details::VARCHAR AS d FROM audit_log ORDER BY logged_at')).getRowObjectsJS());
    expect(log.filter((l) => l.action === 'profile.analyst').map((l) => JSON.parse(String(l.d)).confirmed)).toEqual([true]);
  });
});

describe('complementary suppression', () => {
  it('suppresses the smallest other cells until the hidden ones hold ≥ k people', () => {
    expect([...chooseSuppressed([10, 2, 8, 6], 5).suppressed].sort()).toEqual([1, 3]); // 2 + 6 ≥ 5
    expect(chooseSuppressed([10, 8, 6], 5).suppressed.size).toBe(0);
    const all = chooseSuppressed([2, 1], 5);
    expect(all.safe).toBe(false); // 3 < 5 even with everything hidden: the total is withheld
    expect(chooseSuppressed([0, 0, 7], 5).suppressed.size).toBe(0); // zero-staff cells are not people
  });
});
