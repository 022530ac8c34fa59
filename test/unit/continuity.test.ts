import { PassThrough } from 'node:stream';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARROW_META_NOTES } from '../../src-main/common/api';
import type { ContinuityResult } from '../../src-main/common/continuityApi';
import type { Result } from '../../src-main/common/result';
import { arrowRows } from '../../src-main/cli/format';
import { main } from '../../src-main/cli/main';
import type { Engine } from '../../src-main/engine/engine';
import { newEngine, seed } from '../helpers/workspace';

/*
 * Fixture: two administrations, a = 2020-01-01..2020-03-31 and b = 2020-04-01..(open),
 * 27 events over January-June 2020 (per month: 1, 3, 2 | 5, 8, 8).
 *
 * Programs (windowMonths 3, minEvents 2: windows [2020-01-01, 2020-04-01) and [2020-04-01, 2020-07-01)):
 *   Cheong-Chek forum  2 before, 2 after  → survives
 *   Idea contest       3 before, 1 after  → ended
 *   Youth council      1 before, 3 after  → started
 *   Budget school      0 before, 5 after  → started (channel "online", the others "forum")
 *   10 events with no program (ignored by program metrics)
 *   program_survival = 1 / 2
 *
 * Staff (department; hired 2019-01-01 unless said):
 *   e1 D1, e2 D1, e3 D2 (left 2020-03-15), e4 D2, e5 D3, e6 D4, e7 D5 (hired 2020-05-01)
 * Participations (event month: who, hours):
 *   before: Jan e1 2h; Feb e2 2h, e3 1h, e4 3h; Mar D3 department-level 1h, e6 4h
 *   after:  Apr e1 6h, e4 1h; May e5 1h, e6 5h; Jun e7 2h
 */
type Ev = [id: string, date: string, program: string | null, channel?: string];
const P1 = 'Cheong-Chek forum';
const P2 = 'Idea contest';
const P3 = 'Youth council';
const P4 = 'Budget school';
const EVENTS: Ev[] = [
  ['J1', '2020-01-10', P1],
  ['F1', '2020-02-05', P1], ['F2', '2020-02-10', P2], ['F3', '2020-02-20', P2],
  ['R1', '2020-03-05', P2], ['R2', '2020-03-20', P3],
  ['A1', '2020-04-02', P1], ['A2', '2020-04-05', P2], ['A3', '2020-04-10', P3], ['A4', '2020-04-15', P4, 'online'], ['A5', '2020-04-20', P4, 'online'],
  ['M1', '2020-05-02', P1], ['M2', '2020-05-05', P3], ['M3', '2020-05-08', P4, 'online'], ['M4', '2020-05-10', P4, 'online'],
  ['M5', '2020-05-11', null], ['M6', '2020-05-12', null], ['M7', '2020-05-13', null], ['M8', '2020-05-14', null],
  ['U1', '2020-06-02', P3], ['U2', '2020-06-05', P4, 'online'],
  ['U3', '2020-06-06', null], ['U4', '2020-06-07', null], ['U5', '2020-06-08', null], ['U6', '2020-06-09', null], ['U7', '2020-06-10', null], ['U8', '2020-06-11', null],
];
const lit = (v: string | null) => (v === null ? 'NULL' : `'${v}'`);
const eventsSql = `INSERT INTO events (event_id, occurred_on, channel, program) VALUES ${EVENTS.map(
  ([id, d, p, c]) => `('${id}', DATE '${d}', '${c ?? 'forum'}', ${lit(p)})`,
).join(', ')}`;
const FIXTURE = [
  'DELETE FROM administrations',
  "INSERT INTO administrations VALUES ('a', 'Admin A', 'Head A', DATE '2020-01-01', DATE '2020-03-31', 'first agenda', NULL), ('b', 'Admin B', 'Head B', DATE '2020-04-01', NULL, 'second agenda', NULL)",
  "INSERT INTO departments (department_id, name, bureau) VALUES ('D1', 'One', 'X'), ('D2', 'Two', 'X'), ('D3', 'Three', 'Y'), ('D4', 'Four', 'Y'), ('D5', 'Five', 'Y')",
  `INSERT INTO employees (employee_id, department_id, grade, hired_on, left_on) VALUES
     ('e1', 'D1', '7', DATE '2019-01-01', NULL), ('e2', 'D1', '7', DATE '2019-01-01', NULL),
     ('e3', 'D2', '7', DATE '2019-01-01', DATE '2020-03-15'), ('e4', 'D2', '7', DATE '2019-01-01', NULL),
     ('e5', 'D3', '7', DATE '2019-01-01', NULL), ('e6', 'D4', '7', DATE '2019-01-01', NULL),
     ('e7', 'D5', '7', DATE '2020-05-01', NULL)`,
  eventsSql,
  `INSERT INTO participations (event_id, employee_id, department_id, role, hours) VALUES
     ('J1', 'e1', 'D1', 'host', 2), ('F1', 'e2', 'D1', 'host', 2), ('F2', 'e3', 'D2', 'host', 1), ('F3', 'e4', 'D2', 'host', 3),
     ('R1', NULL, 'D3', 'host', 1), ('R2', 'e6', 'D4', 'host', 4),
     ('A1', 'e1', 'D1', 'host', 6), ('A2', 'e4', 'D2', 'host', 1), ('M1', 'e5', 'D3', 'host', 1), ('M3', 'e6', 'D4', 'host', 5),
     ('U1', 'e7', 'D5', 'host', 2)`,
];

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
  await seed(engine, ...FIXTURE);
});
afterAll(() => engine.close());

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}
async function validation(p: Promise<Result<unknown>>): Promise<string> {
  const r = await p;
  expect(r.ok).toBe(false);
  if (r.ok) return '';
  expect(r.error.code).toBe('VALIDATION');
  return r.error.message;
}
const base = { before: 'a', after: 'b', windowMonths: 3, minEvents: 2 } as const;

describe('continuity: programs and staff', () => {
  it('computes program_survival with the programs ended and started, sorted by name', async () => {
    const c = value(await engine.api().continuity(base));
    expect(c.boundary).toBe('2020-04-01');
    expect(c.window_before).toEqual({ from: '2020-01-01', to: '2020-04-01' });
    expect(c.window_after).toEqual({ from: '2020-04-01', to: '2020-07-01' });
    expect(c.programs_before).toEqual([P1, P2]);
    expect(c.programs_after).toEqual([P4, P1, P3]); // Budget school, Cheong-Chek forum, Youth council
    expect(c.ended).toEqual([P2]);
    expect(c.started).toEqual([P4, P3]);
    expect(c.program_survival).toBe(1 / 2); // forum survives; idea contest ends
  });

  it('counts a program active with exactly m events and drops it with m − 1', async () => {
    // minEvents 3: before, only Idea contest (3) is active; after, Youth council (3) and Budget school (5).
    const c = value(await engine.api().continuity({ ...base, minEvents: 3 }));
    expect(c.programs_before).toEqual([P2]);
    expect(c.programs_after).toEqual([P4, P3]);
    expect(c.program_survival).toBe(0);
    expect(c.ended).toEqual([P2]);
  });

  it('computes staff_retention without counting the leaver against it', async () => {
    // Engaged before: e1, e2, e3, e4, e6 (the department-level row names nobody).
    // e3 left on 2020-03-15, before t = 2020-04-01: not in the denominator → {e1, e2, e4, e6}.
    // Engaged after as well: e1, e4, e6 → 3 / 4 (it would be 3 / 5 if the leaver counted).
    const c = value(await engine.api().continuity(base));
    expect(c.staff_retention).toBe(3 / 4);
    expect(c.staff_engaged_before).toBe(5);
    expect(c.staff_left).toBe(1);
    expect(c.staff_retained).toBe(3);
    expect(c.staff_retention_note).toBeUndefined();
  });

  it('filters by channel: only the online program, nobody active or engaged before', async () => {
    const c = value(await engine.api().continuity({ ...base, scope: { channels: ['online'] } }));
    expect(c.programs_before).toEqual([]);
    expect(c.started).toEqual([P4]);
    expect(c.program_survival).toBeNull();
    expect(c.program_survival_note).toMatch(/No program had 2 or more events in the window before/);
    expect(c.staff_retention).toBeNull();
    expect(c.staff_retention_note).toMatch(/Nobody was engaged in the window before/);
  });

  it('filters by department: events and staff of D1 only', async () => {
    // D1 took part in J1, F1 (forum, before) and A1 (forum, after): forum active before (2), not after (1).
    const c = value(await engine.api().continuity({ ...base, scope: { departments: ['D1'] } }));
    expect(c.programs_before).toEqual([P1]);
    expect(c.ended).toEqual([P1]);
    // e1 and e2 engaged before, e1 after → 1 / 2.
    expect(c.staff_retention).toBe(1 / 2);
  });

  it('filters by bureau: events with a participant from bureau X (D1, D2)', async () => {
    // X took part in J1, F1 (forum), F2, F3 (idea contest) before and A1 (forum), A2 (idea contest) after:
    // both programs active before (2 each), neither after (1 each) → survival 0.
    // Staff: e1, e2, e3, e4 before; e3 left; e1 and e4 after → 2 / 3.
    const c = value(await engine.api().continuity({ ...base, scope: { bureaus: ['X'] } }));
    expect(c.programs_before).toEqual([P1, P2]);
    expect(c.ended).toEqual([P1, P2]);
    expect(c.program_survival).toBe(0);
    expect(c.staff_retention).toBe(2 / 3);
    expect(c.its!.fitted.map((p) => p.y)).toEqual([1, 3, 0, 2, 0, 0]);
  });
});

describe('continuity: interrupted time series', () => {
  it('fits the events series by OLS with the coefficients and SEs worked out by hand', async () => {
    // Monthly events Jan-Jun: 1, 3, 2 | 5, 8, 8, t = 3 (April is b's first month).
    // Two separate lines (the 4-parameter model): pre slope 1/2, intercept 3/2; post slope 3/2, value at t 11/2
    // → b0 = 3/2, b1 = 1/2, b2 = 11/2 − 3 = 5/2, b3 = 1; RSS = 3, σ² = 3/2,
    //   se2 = √(σ²·(1/3 + 1/2 + 1/3 + 2)) = √(19/4), se3 = √(σ²·(1/2 + 1/2)) = √(3/2). (Worked in ols.test.ts.)
    const c = value(await engine.api().continuity(base));
    const its = c.its!;
    expect(its).not.toBeNull();
    expect(its.months_before).toBe(3);
    expect(its.months_after).toBe(3);
    expect(its.t).toBe(3);
    expect(its.b0).toBeCloseTo(1.5, 12);
    expect(its.b1).toBeCloseTo(0.5, 12);
    expect(its.b2).toBeCloseTo(2.5, 12);
    expect(its.b3).toBeCloseTo(1, 12);
    expect(its.se2).toBeCloseTo(Math.sqrt(19) / 2, 12);
    expect(its.se3).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(its.fitted.map((p) => p.month)).toEqual(['2020-01', '2020-02', '2020-03', '2020-04', '2020-05', '2020-06']);
    expect(its.fitted.map((p) => p.y)).toEqual([1, 3, 2, 5, 8, 8]);
    expect(its.fitted.map((p) => p.after)).toEqual([0, 0, 0, 1, 1, 1]);
    // Counterfactual = the pre trend continued: 3/2 + time/2.
    expect(its.fitted.map((p) => p.counterfactual)).toEqual([1.5, 2, 2.5, 3, 3.5, 4].map((v) => expect.closeTo(v, 12)));
    expect(its.fitted[4]!.fitted).toBeCloseTo(7, 12);
  });

  it('builds the hours and engaged series, months without events as 0', async () => {
    const hours = value(await engine.api().continuity({ ...base, series: 'hours' })).its!;
    // Jan 2; Feb 2+1+3; Mar 1+4; Apr 6+1; May 1+5; Jun 2
    expect(hours.fitted.map((p) => p.y)).toEqual([2, 6, 5, 7, 6, 2]);
    const engaged = value(await engine.api().continuity({ ...base, series: 'engaged' })).its!;
    // distinct named staff per month (the department-level row in March is not staff)
    expect(engaged.fitted.map((p) => p.y)).toEqual([1, 3, 1, 2, 2, 1]);
    const online = value(await engine.api().continuity({ ...base, scope: { channels: ['online'] } })).its!;
    expect(online.fitted.map((p) => p.y)).toEqual([0, 0, 0, 2, 2, 1]);
  });
});

describe('continuity: department_rank_stability', () => {
  it('is the Spearman correlation with average ranks for ties, over departments with a headcount in both spans', async () => {
    // hours_per_head over a (headcount: D1 e1,e2; D2 e3,e4; D3 e5; D4 e6; D5 none — e7 hired in May):
    //   D1 (2+2)/2 = 2, D2 (1+3)/2 = 2, D3 1/1 = 1 (department-level hours), D4 4/1 = 4
    // over b (to the last event, 2020-06-11; e3 gone): D1 6/2 = 3, D2 1/1 = 1, D3 1/1 = 1, D4 5/1 = 5, D5 2/1 (not in a)
    // ranks a: D3 1, D1 2.5, D2 2.5, D4 4; ranks b: D2 1.5, D3 1.5, D1 3, D4 4
    // deviations from 2.5: a (0, 0, −1.5, 1.5), b (0.5, −1, −1, 1.5) for D1..D4
    // ρ = (0 + 0 + 1.5 + 2.25) / √(4.5 · 4.5) = 3.75 / 4.5 = 5/6
    const c = value(await engine.api().continuity(base));
    expect(c.department_rank_stability_n).toBe(4);
    expect(c.department_rank_stability).toBeCloseTo(5 / 6, 12);
    expect(c.department_ranks).toEqual([
      { department_id: 'D1', name: 'One', hours_per_head_before: 2, hours_per_head_after: 3, rank_before: 2.5, rank_after: 3 },
      { department_id: 'D2', name: 'Two', hours_per_head_before: 2, hours_per_head_after: 1, rank_before: 2.5, rank_after: 1.5 },
      { department_id: 'D3', name: 'Three', hours_per_head_before: 1, hours_per_head_after: 1, rank_before: 1, rank_after: 1.5 },
      { department_id: 'D4', name: 'Four', hours_per_head_before: 4, hours_per_head_after: 5, rank_before: 4, rank_after: 4 },
    ]);
  });

  it('is null with a reason when fewer than 2 departments qualify', async () => {
    const c = value(await engine.api().continuity({ ...base, scope: { departments: ['D1'] } }));
    expect(c.department_rank_stability).toBeNull();
    expect(c.department_rank_stability_n).toBe(1);
    expect(c.department_rank_stability_note).toMatch(/at least 2 departments/);
  });
});

describe('continuity: bad input', () => {
  it('refuses A = B, B before A and unknown ids, naming the field', async () => {
    expect(await validation(engine.api().continuity({ ...base, after: 'a' }))).toMatch(/same administration \(a\)/);
    expect(await validation(engine.api().continuity({ ...base, before: 'b', after: 'a' }))).toMatch(/after: a \(Admin A, 2020-01-01 to 2020-03-31\) must start after before: b/);
    expect(await validation(engine.api().continuity({ ...base, before: 'nobody' }))).toMatch(/before: there is no administration "nobody". Known: a, b/);
  });

  it('refuses m < 1 and a window of 0 months at the schema', async () => {
    expect(await validation(engine.api().continuity({ ...base, minEvents: 0 }))).toMatch(/minEvents: must be at least 1/);
    expect(await validation(engine.api().continuity({ ...base, windowMonths: 0 }))).toMatch(/windowMonths: must be at least 1 month/);
    expect(await validation(engine.api().continuity({ ...base, series: 'citizens' as 'events' }))).toMatch(/series/);
    expect(await validation(engine.api().continuity({ ...base, scope: { from: '2020-01-01' } }))).toMatch(/scope: continuity takes its windows from the administrations/);
  });

  it('says when an administration has no data in its span', async () => {
    value(await engine.api().addAdministration({ administration_id: 'z', name: 'Before the data', starts_on: '2019-01-01', ends_on: '2019-12-31' }));
    try {
      const msg = await validation(engine.api().continuity({ ...base, before: 'z', after: 'a' }));
      expect(msg).toBe('before: administration z (Before the data, 2019-01-01 to 2019-12-31) has no events in its span; the events cover 2020-01-10 to 2020-06-11.');
    } finally {
      value(await engine.api().deleteAdministration({ administration_id: 'z' }));
    }
  });

  it('notes a window longer than the data, with the same results', async () => {
    const c = value(await engine.api().continuity({ ...base, windowMonths: 12 }));
    expect(c.window_before).toEqual({ from: '2019-04-01', to: '2020-04-01' });
    expect(c.notes).toContain('The window before (2019-04-01 to 2020-03-31, 12 months) starts before the first event (2020-01-10); only 2020-01-10 to 2020-03-31 holds data.');
    expect(c.notes).toContain('The window after (2020-04-01 to 2021-03-31, 12 months) ends after the last event (2020-06-11); only 2020-04-01 to 2020-06-11 holds data.');
    expect(c.notes.some((n) => n.startsWith('The window before starts before a took office (2020-01-01)'))).toBe(true);
    expect(c.program_survival).toBe(1 / 2);
    expect(c.staff_retention).toBe(3 / 4);
  });

  it('does not fit the ITS with fewer than 3 months on a side, and says why', async () => {
    value(await engine.api().updateAdministration({ administration_id: 'b', ends_on: '2020-05-31' }));
    try {
      const c = value(await engine.api().continuity(base));
      expect(c.its).toBeNull();
      expect(c.its_note).toMatch(/needs at least 3 months on each side of the boundary and has 3 before and 2 after \(2020-01 to 2020-05\)/);
      expect(c.program_survival).toBe(1 / 2); // the rest is still computed
    } finally {
      value(await engine.api().updateAdministration({ administration_id: 'b', ends_on: null }));
    }
  });

  it('refuses a workspace without events', async () => {
    const empty = await newEngine();
    try {
      expect(await validation(empty.api().continuity({ before: 'park-2011', after: 'seo-2020' }))).toMatch(/no events yet/);
    } finally {
      await empty.close();
    }
  });
});

describe('continuity on department-level logs', () => {
  it('says staff_retention and the engaged series need staff; the rest works', async () => {
    const e = await newEngine();
    try {
      await seed(
        e,
        'DELETE FROM administrations',
        "INSERT INTO administrations (administration_id, starts_on, ends_on) VALUES ('a', DATE '2020-01-01', DATE '2020-03-31'), ('b', DATE '2020-04-01', DATE '2020-06-30')",
        eventsSql,
        "INSERT INTO participations (event_id, employee_id, department_id, role, hours) SELECT event_id, NULL, 'D1', 'host', 1 FROM events",
      );
      const c = value(await e.api().continuity(base));
      expect(c.program_survival).toBe(1 / 2);
      expect(c.staff_retention).toBeNull();
      expect(c.staff_retention_note).toMatch(/needs staff: the participations in the window before \(2020-01-01 to 2020-03-31\) name no employees \(department-level logs\)/);
      expect(c.its?.b2).toBeCloseTo(2.5, 12);
      const engaged = value(await e.api().continuity({ ...base, series: 'engaged' }));
      expect(engaged.its).toBeNull();
      expect(engaged.its_note).toMatch(/"engaged" series needs staff/);
      expect(c.department_rank_stability).toBeNull(); // no employees table, no named staff: no headcount
      const summary = arrowRows(value(await e.api().continuitySummary({})));
      expect(summary.rows.map((r) => r.engaged_share)).toEqual([null, null]);
    } finally {
      await e.close();
    }
  });
});

describe('continuitySummary', () => {
  it('gives per administration the monthly means, active programs, hours per head and engaged share', async () => {
    const bytes = value(await engine.api().continuitySummary({ minEvents: 2 }));
    const { columns, rows } = arrowRows(bytes);
    expect(columns).toEqual(['administration_id', 'name', 'starts_on', 'ends_on', 'months', 'events_per_month', 'programs_per_month',
      'active_programs', 'headcount', 'hours_per_head', 'engaged_share']);
    // a: Jan-Mar, events 1+3+2 = 6 → 2/month; programs per month 1, 2, 2 → 5/3; active (≥2): forum 2, idea 3 → 2
    //    hours 2+2+1+3+1+4 = 13, headcount e1..e6 = 6 → 13/6; engaged e1,e2,e3,e4,e6 = 5/6
    // b: Apr-Jun, events 21 → 7/month; programs 4, 3, 2 → 3; active: forum 2, youth 3, budget 5 → 3
    //    hours 6+1+1+5+2 = 15, headcount e1,e2,e4,e5,e6,e7 = 6 → 2.5; engaged e1,e4,e5,e6,e7 = 5/6
    expect(rows).toEqual([
      { administration_id: 'a', name: 'Admin A', starts_on: '2020-01-01', ends_on: '2020-03-31', months: 3, events_per_month: 2,
        programs_per_month: expect.closeTo(5 / 3, 12), active_programs: 2, headcount: 6, hours_per_head: expect.closeTo(13 / 6, 12), engaged_share: expect.closeTo(5 / 6, 12) },
      { administration_id: 'b', name: 'Admin B', starts_on: '2020-04-01', ends_on: null, months: 3, events_per_month: 7,
        programs_per_month: 3, active_programs: 3, headcount: 6, hours_per_head: 2.5, engaged_share: expect.closeTo(5 / 6, 12) },
    ]);
    const notes = JSON.parse(tableFromIPC(bytes).schema.metadata.get(ARROW_META_NOTES)!) as string[];
    expect(notes.some((n) => n.startsWith('active_programs: programs with at least 2 events'))).toBe(true);
  });
});

describe('programTimeline', () => {
  it('gives first and last month, months active per administration and whether each boundary was crossed', async () => {
    const bytes = value(await engine.api().programTimeline({ windowMonths: 3, minEvents: 2 }));
    const { columns, rows } = arrowRows(bytes);
    expect(columns).toEqual(['program', 'first_month', 'last_month', 'events', 'started_in', 'months_active:a', 'months_active:b', 'crossed:a>b']);
    expect(rows).toEqual([
      { program: P1, first_month: '2020-01-01', last_month: '2020-05-01', events: 4, started_in: 'a', 'months_active:a': 2, 'months_active:b': 2, 'crossed:a>b': true },
      { program: P2, first_month: '2020-02-01', last_month: '2020-04-01', events: 4, started_in: 'a', 'months_active:a': 2, 'months_active:b': 1, 'crossed:a>b': false },
      { program: P3, first_month: '2020-03-01', last_month: '2020-06-01', events: 4, started_in: 'a', 'months_active:a': 1, 'months_active:b': 3, 'crossed:a>b': null },
      { program: P4, first_month: '2020-04-01', last_month: '2020-06-01', events: 5, started_in: 'b', 'months_active:a': 0, 'months_active:b': 3, 'crossed:a>b': null },
    ]);
    // Consistent with program_survival: crossed true / not null = 1 / 2.
  });
});

function streams() {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d) => (o += String(d)));
  err.on('data', (d) => (e += String(d)));
  return { out, err, text: () => ({ out: o, err: e }) };
}
async function cli(args: string[]) {
  const s = streams();
  const code = await main(args, s.out, s.err);
  return { code, ...s.text() };
}

describe('CLI continuity', () => {
  let file: string;
  beforeAll(async () => {
    file = engine.workspace.path;
    await engine.close();
  });
  afterAll(async () => {
    engine = await (await import('../../src-main/engine/engine')).Engine.open(file);
  });

  it('prints the JSON of the issue, without the fitted series', async () => {
    const r = await cli(['continuity', '--workspace', file, '--before', 'a', '--after', 'b', '--window-months', '3', '--min-events', '2']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^note: The window before \(2020-01-01 to 2020-03-31, 3 months\) starts before the first event/);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['program_survival', 'programs_before', 'programs_after', 'ended', 'started', 'staff_retention', 'its', 'department_rank_stability']);
    expect(j.program_survival).toBe(0.5);
    expect(j.ended).toEqual([P2]);
    expect(j.staff_retention).toBe(0.75);
    expect(Object.keys(j.its as object)).toEqual(['b0', 'b1', 'b2', 'b3', 'se2', 'se3', 'months_before', 'months_after']);
    expect((j.its as ContinuityResult['its'])!.b2).toBeCloseTo(2.5, 12);
    expect(j.department_rank_stability).toBeCloseTo(5 / 6, 12);
  });

  it('prints the timeline and the summary as CSV', async () => {
    const t = await cli(['continuity', '--workspace', file, '--timeline', '--window-months', '3', '--min-events', '2']);
    expect(t.code).toBe(0);
    expect(t.out.split('\n')[0]).toBe('program,first_month,last_month,events,started_in,months_active:a,months_active:b,crossed:a>b');
    expect(t.out.split('\n')[2]).toBe('Idea contest,2020-02-01,2020-04-01,4,a,2,1,false');
    const s = await cli(['continuity', '--workspace', file, '--summary', '--min-events', '2']);
    expect(s.code).toBe(0);
    expect(s.out.split('\n')[2]).toBe('b,Admin B,2020-04-01,,3,7,3,3,6,2.5,0.8333333333333334');
  });

  it('exits 1 on bad input and 2 on bad usage', async () => {
    const same = await cli(['continuity', '--workspace', file, '--before', 'a', '--after', 'a']);
    expect(same.code).toBe(1);
    expect(same.err).toMatch(/same administration \(a\).*\[VALIDATION\]/);
    const m0 = await cli(['continuity', '--workspace', file, '--before', 'a', '--after', 'b', '--min-events', '0']);
    expect(m0.code).toBe(1);
    expect(m0.err).toMatch(/minEvents: must be at least 1/);
    expect((await cli(['continuity', '--workspace', file, '--before', 'a'])).code).toBe(2);
    expect((await cli(['continuity', '--workspace', file, '--before', 'a', '--after', 'b', '--window-months', 'twelve'])).code).toBe(2);
    expect((await cli(['continuity', '--workspace', file, '--before', 'a', '--after', 'b', '--series', 'citizens'])).code).toBe(2);
    expect((await cli(['continuity', '--workspace', file, '--timeline', '--summary'])).code).toBe(2);
    expect((await cli(['continuity', '--before', 'a', '--after', 'b'])).code).toBe(2);
    const missing = await cli(['continuity', '--workspace', `${file}.missing`, '--before', 'a', '--after', 'b']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/No workspace at/);
  });
});
