/**
 * Evaluation (SPEC.md "Metrics → Evaluation") on a small fixture whose every
 * expected number is worked out by hand below.
 *
 * Fixture, period 2019 (8 evaluated employees; X1 participates but is not evaluated):
 *
 *   employee dept grade  S    participations in 2019
 *   E1       D1   7급    70   V1 (2 h), V2 (1 h)
 *   E2       D1   7급    80   V1 (1 h)
 *   E3       D2   7급    90   V3 (2 h)            (+ V5 on 2018-12-31, outside the period)
 *   E4       D2   7급    60   V3 (2 h)
 *   E5       D1   7급    80   V4 (4 h)            (V4 on 2019-12-31, the period's last day)
 *   E6       D2   5급    50   V3 (1 h)
 *   E7       D1   5급   100   V4 (0.5 h)
 *   E8       D2   5급    40   none: evaluated, no participation
 *   X1       D2   7급    -    V1 (3 h): not evaluated, but a real participant
 *
 *   event  date        reached  groups             outcome         participants (staff)             departments
 *   V1     2019-03-01  100      residents, ngo     adopted (2)     E1, E2, X1 (3)                   D1, D2
 *   V2     2019-05-10  40       youth              recommendation  E1 + a department-level D2 row (1)  D1, D2
 *   V3     2019-09-01  30       residents, experts none (0)        E3, E4, E6 (3)                   D2
 *   V4     2019-12-31  0        (none)             recorded (0)    E5, E7 (2)                       D1
 *   V5     2018-12-31  1000     residents          adopted         E3 (outside 2019)
 *
 * Components (hours, events, reach = Σ reached/staff, diversity, cross, outcomes):
 *   E1: 3, 2, 100/3 + 40/1 = 73.33…, {residents,ngo,youth} = 3, V1+V2 = 2, 2 + 1 = 3
 *   E2: 1, 1, 100/3 = 33.33…, 2, 1, 2
 *   E3: 2, 1, 30/3 = 10, 2, 0, 0      E4: same as E3 (ties)
 *   E5: 4, 1, 0/2 = 0, 0, 0, 0
 *   E6: 1, 1, 10, 2, 0, 0             E7: 0.5, 1, 0, 0, 0, 0        E8: 0, 0, 0, 0, 0, 0
 *
 * Peer groups (grade): 7급 = E1..E5 (5 members, own group); 5급 = E6, E7, E8 (3 < 5 → everyone, n = 8).
 * 7급, 100·percent_rank = 100·(rank − 1)/4, ties share the lower rank:
 *   hours   E2 1 → 0, E3 = E4 2 → 25, E1 3 → 75, E5 4 → 100
 *   events  E2..E5 → 0, E1 → 100
 *   reach   E5 → 0, E3 = E4 → 25, E2 → 75, E1 → 100
 *   divers. E5 → 0, E2 = E3 = E4 → 25, E1 → 100
 *   cross   E3 = E4 = E5 → 0, E2 → 75, E1 → 100
 *   outc.   E3 = E4 = E5 → 0, E2 → 75, E1 → 100
 * Everyone (n = 8), 100·(rank − 1)/7:
 *   hours   E8 0 (r1), E7 0.5 (r2), E2 = E6 1 (r3), … → E6 200/7, E7 100/7, E8 0
 *   events  E8 (r1), E2..E7 (r2) → E6 = E7 = 100/7, E8 0
 *   reach   E5 = E7 = E8 0 (r1), E3 = E4 = E6 10 (r4) → E6 300/7
 *   divers. E5 = E7 = E8 0 (r1), E2 = E3 = E4 = E6 2 (r4) → E6 300/7
 *   cross, outcomes: E6 = E7 = E8 → 0
 * E = .3·hours + .2·events + .15·reach + .15·outcomes + .1·diversity + .1·cross:
 *   E1 = 22.5 + 20 + 15 + 15 + 10 + 10 = 92.5      E2 = 11.25 + 11.25 + 2.5 + 7.5 = 32.5
 *   E3 = E4 = 7.5 + 3.75 + 2.5 = 13.75             E5 = 30
 *   E6 = (60 + 20 + 45 + 30)/7 = 155/7             E7 = (30 + 20)/7 = 50/7       E8 = 0
 * F = 0.6·S + 0.4·E: E1 79, E2 61, E3 59.5, E4 41.5, E5 60, E6 30 + 62/7, E7 60 + 20/7, E8 24
 * rank by S: E7 1, E3 2, E2 = E5 3 (tie), E1 5, E4 6, E6 7, E8 8
 * rank by F: E1 1, E7 2, E2 3, E5 4, E3 5, E4 6, E6 7, E8 8
 * rank_change = rank_composite − rank_performance: E1 −4, E2 0, E3 3, E4 0, E5 1, E6 0, E7 1, E8 0
 */
import { Writable } from 'node:stream';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterEach, describe, expect, it } from 'vitest';
import { arrowRows } from '../../src-main/cli/format';
import { main } from '../../src-main/cli/main';
import { ARROW_META_TOTAL_ROWS, EVALUATION_COLUMNS } from '../../src-main/common/evaluationApi';
import { Engine } from '../../src-main/engine/engine';
import { newEngine, seed, tempDir } from '../helpers/workspace';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

const FIXTURE = [
  `INSERT INTO departments (department_id, name) VALUES ('D1', '혁신기획과'), ('D2', '복지정책과')`,
  `INSERT INTO employees (employee_id, department_id, grade) VALUES
     ('E1','D1','7급'), ('E2','D1','7급'), ('E3','D2','7급'), ('E4','D2','7급'), ('E5','D1','7급'),
     ('E6','D2','5급'), ('E7','D1','5급'), ('E8','D2','5급'), ('X1','D2','7급')`,
  `INSERT INTO events (event_id, occurred_on, channel, program, citizens_reached, stakeholder_groups, outcome) VALUES
     ('V1', DATE '2019-03-01', 'forum', 'Cheong-Chek', 100, ['residents','ngo'], 'adopted'),
     ('V2', DATE '2019-05-10', 'online', 'Oasis', 40, ['youth'], 'recommendation'),
     ('V3', DATE '2019-09-01', 'workshop', 'Lab', 30, ['residents','experts'], 'none'),
     ('V4', DATE '2019-12-31', 'committee', 'Budget', 0, NULL, 'recorded'),
     ('V5', DATE '2018-12-31', 'forum', 'Cheong-Chek', 1000, ['residents'], 'adopted')`,
  `INSERT INTO participations (event_id, employee_id, department_id, role, hours) VALUES
     ('V1','E1','D1','host',2), ('V1','E2','D1','participant',1), ('V1','X1','D2','presenter',3),
     ('V2','E1','D1','responder',1), ('V2',NULL,'D2','participant',0),
     ('V3','E3','D2','facilitator',2), ('V3','E4','D2','participant',2), ('V3','E6','D2','participant',1),
     ('V4','E5','D1','host',4), ('V4','E7','D1','participant',0.5),
     ('V5','E3','D2','host',10)`,
  `INSERT INTO evaluations (employee_id, period, performance_score) VALUES
     ('E1','2019',70), ('E2','2019',80), ('E3','2019',90), ('E4','2019',60),
     ('E5','2019',80), ('E6','2019',50), ('E7','2019',100), ('E8','2019',40),
     ('E1','2019H1',70), ('E5','2019H1',80)`,
];

async function fixture(): Promise<Engine> {
  const engine = await newEngine();
  engines.push(engine);
  await seed(engine, ...FIXTURE);
  return engine;
}

type Row = Record<string, unknown>;
async function rows(engine: Engine, req: Parameters<ReturnType<Engine['api']>['evaluate']>[0]): Promise<Row[]> {
  const r = await engine.api().evaluate(req);
  if (!r.ok) throw new Error(r.error.message);
  return arrowRows(r.value).rows;
}
const byId = (rs: Row[]) => Object.fromEntries(rs.map((r) => [r.employee_id as string, r]));

describe('evaluate', () => {
  it('computes the components of every evaluated employee, in employee_id order, with the SPEC columns', async () => {
    const engine = await fixture();
    const r = await engine.api().evaluate({ period: '2019' });
    if (!r.ok) throw new Error(r.error.message);
    const { columns, rows: rs } = arrowRows(r.value);
    expect(columns).toEqual([...EVALUATION_COLUMNS]);
    expect(rs.map((x) => x.employee_id)).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8']); // X1 is not evaluated
    const e = byId(rs);
    const comp = (id: string) => [e[id]!.hours, e[id]!.events, e[id]!.reach, e[id]!.diversity, e[id]!.cross, e[id]!.outcomes];
    expect(comp('E1')).toEqual([3, 2, 100 / 3 + 40, 3, 2, 3]); // X1 counts as staff on V1 (÷3); the D2 row on V2 is not staff but makes V2 cross
    expect(comp('E2')).toEqual([1, 1, 100 / 3, 2, 1, 2]);
    expect(comp('E3')).toEqual([2, 1, 10, 2, 0, 0]); // V5 (2018-12-31) is outside 2019
    expect(comp('E4')).toEqual([2, 1, 10, 2, 0, 0]);
    expect(comp('E5')).toEqual([4, 1, 0, 0, 0, 0]); // V4 on 2019-12-31 is inside; null groups meet nobody
    expect(comp('E6')).toEqual([1, 1, 10, 2, 0, 0]);
    expect(comp('E7')).toEqual([0.5, 1, 0, 0, 0, 0]);
    expect(comp('E8')).toEqual([0, 0, 0, 0, 0, 0]); // no participation: present, every component 0
    expect(e.E1!.department_id).toBe('D1');
    expect(e.E1!.grade).toBe('7급');
  });

  it('turns components into percentiles within the peer group, ties sharing the lower rank, and falls back to everyone under 5', async () => {
    const e = byId(await rows(await fixture(), { period: '2019' }));
    const pct = (id: string) => ['pct_hours', 'pct_events', 'pct_reach', 'pct_diversity', 'pct_cross', 'pct_outcomes'].map((c) => e[id]![c]);
    expect(pct('E1')).toEqual([75, 100, 100, 100, 100, 100]);
    expect(pct('E2')).toEqual([0, 0, 75, 25, 75, 75]);
    expect(pct('E3')).toEqual([25, 0, 25, 25, 0, 0]); // tied with E4 on every component
    expect(pct('E4')).toEqual(pct('E3'));
    expect(pct('E5')).toEqual([100, 0, 0, 0, 0, 0]);
    // 5급 has 3 members: compared with all 8, 100·(rank − 1)/7.
    expect(pct('E6')).toEqual([100 * (2 / 7), 100 * (1 / 7), 100 * (3 / 7), 100 * (3 / 7), 0, 0]);
    expect(pct('E7')).toEqual([100 * (1 / 7), 100 * (1 / 7), 0, 0, 0, 0]);
    expect(pct('E8')).toEqual([0, 0, 0, 0, 0, 0]);
    expect(e.E1!.peer_group).toBe('grade:7급');
    expect(e.E6!.peer_group).toBe('all (fallback: grade 5급 has 3)');
    expect(e.E8!.peer_group).toBe('all (fallback: grade 5급 has 3)');
  });

  it('computes E, F, engagement_share, ranks (ties share the best) and rank_change', async () => {
    const e = byId(await rows(await fixture(), { period: '2019' }));
    const expected: Record<string, [number, number, number, number, number]> = {
      // id: [E, F, rank_performance, rank_composite, rank_change]
      E1: [92.5, 79, 5, 1, -4],
      E2: [32.5, 61, 3, 3, 0],
      E3: [13.75, 59.5, 2, 5, 3],
      E4: [13.75, 41.5, 6, 6, 0],
      E5: [30, 60, 3, 4, 1], // tied with E2 on S = 80: both rank 3, nobody ranks 4th by S
      E6: [155 / 7, 30 + 62 / 7, 7, 7, 0],
      E7: [50 / 7, 60 + 20 / 7, 1, 2, 1],
      E8: [0, 24, 8, 8, 0],
    };
    for (const [id, [E, F, rp, rc, ch]] of Object.entries(expected)) {
      const r = e[id]!;
      expect(r.engagement as number, id).toBeCloseTo(E, 10);
      expect(r.composite as number, id).toBeCloseTo(F, 10);
      expect(r.engagement_share as number, id).toBeCloseTo((0.4 * E) / F, 12);
      expect([r.rank_performance, r.rank_composite, r.rank_change], id).toEqual([rp, rc, ch]);
    }
    expect(e.E5!.performance).toBe(80);
    expect(e.E5!.engagement_share).toBe(0.2); // 0.4·30 / 60
    expect(e.E8!.engagement_share).toBe(0);
  });

  it('w = 0 gives F = S and w = 1 gives F = E', async () => {
    const engine = await fixture();
    const at0 = byId(await rows(engine, { period: '2019', weight: 0 }));
    expect(at0.E3!.composite).toBe(90);
    expect(at0.E3!.rank_change).toBe(0);
    expect(at0.E3!.engagement_share).toBe(0);
    const at1 = byId(await rows(engine, { period: '2019', weight: 1 }));
    expect(at1.E1!.composite).toBe(92.5);
    expect(at1.E1!.engagement_share).toBe(1);
    expect(at1.E8!.composite).toBe(0);
    expect(at1.E8!.engagement_share).toBe(0); // F = 0 → 0, not NaN
  });

  it('uses other component weights, and departments or everyone as peer groups', async () => {
    const engine = await fixture();
    const hoursOnly = byId(await rows(engine, { period: '2019', weights: { hours: 1, events: 0, reach: 0, outcomes: 0, diversity: 0, cross: 0 } }));
    expect(hoursOnly.E5!.engagement).toBe(100);
    expect(hoursOnly.E1!.engagement).toBe(75);
    // D1 = E1, E2, E5, E7 (4) and D2 = E3, E4, E6, E8 (4): both fall back to everyone.
    const dept = byId(await rows(engine, { period: '2019', peer: 'department' }));
    expect(dept.E1!.peer_group).toBe('all (fallback: department D1 has 4)');
    expect(dept.E1!.pct_hours).toBe(100 * (6 / 7)); // E1's 3 h rank 7th of 8
    const all = byId(await rows(engine, { period: '2019', peer: 'all' }));
    expect(all.E5!.peer_group).toBe('all');
    expect(all.E5!.pct_hours).toBe(100); // 4 h, the most of all 8
    expect(all.E1!.pct_hours).toBe(dept.E1!.pct_hours);
  });

  it('takes a half-year period: only its events, only its evaluations', async () => {
    const e = byId(await rows(await fixture(), { period: '2019H1' }));
    expect(Object.keys(e)).toEqual(['E1', 'E5']);
    expect([e.E1!.hours, e.E1!.events]).toEqual([3, 2]); // V1 and V2 are in January-June
    expect([e.E5!.hours, e.E5!.events]).toEqual([0, 0]); // V4 (December) is not
    expect(e.E1!.peer_group).toBe('all (fallback: grade 7급 has 2)');
  });

  it('pages, sorts by a whitelisted column and searches, with the matching row count in the metadata', async () => {
    const engine = await fixture();
    const r = await engine.api().evaluate({ period: '2019', sort: { column: 'composite', direction: 'desc' }, offset: 1, limit: 3 });
    if (!r.ok) throw new Error(r.error.message);
    expect(arrowRows(r.value).rows.map((x) => x.employee_id)).toEqual(['E7', 'E2', 'E5']); // F: E1 79 > E7 62.86 > E2 61 > E5 60
    expect(tableFromIPC(r.value).schema.metadata.get(ARROW_META_TOTAL_ROWS)).toBe('8');
    const s = await engine.api().evaluate({ period: '2019', search: '복지' }); // D2's name
    if (!s.ok) throw new Error(s.error.message);
    const found = arrowRows(s.value).rows;
    expect(found.map((x) => x.employee_id)).toEqual(['E3', 'E4', 'E6', 'E8']);
    expect(found[0]!.rank_composite).toBe(5); // ranks are over the whole population, not the search result
    expect(tableFromIPC(s.value).schema.metadata.get(ARROW_META_TOTAL_ROWS)).toBe('4');
    const bad = await engine.api().evaluate({ period: '2019', sort: { column: 'performance_score; DROP TABLE x' as never } });
    expect(bad.ok).toBe(false);
  });

  it('recomputes after a write (the cached components are invalidated)', async () => {
    const engine = await fixture();
    expect(byId(await rows(engine, { period: '2019' })).E8!.hours).toBe(0);
    await seed(engine, `INSERT INTO participations VALUES ('V3', 'E8', 'D2', 'participant', 7, NULL)`);
    const after = byId(await rows(engine, { period: '2019' }));
    expect(after.E8!.hours).toBe(7);
    expect(after.E3!.reach).toBe(7.5); // V3 now has 4 staff: 30 / 4
  });
});

describe('evaluate: departments on events', () => {
  it('takes the department on the participation row, so a transferred employee alone with former colleagues is not cross', async () => {
    // T is in D1 now (employees) but logged V as D2 with a D2 colleague: no participant from a department other than
    // T's own on that event → cross 0. U (D1) joined W with a D2 colleague → cross 1. Reported department: employees' D1.
    const engine = await newEngine();
    engines.push(engine);
    await seed(
      engine,
      `INSERT INTO employees (employee_id, department_id, grade) VALUES ('T','D1','7급'), ('U','D1','7급'), ('K','D2','7급')`,
      `INSERT INTO events (event_id, occurred_on, channel, citizens_reached) VALUES ('V', DATE '2019-02-01', 'forum', 0), ('W', DATE '2019-02-02', 'forum', 0)`,
      `INSERT INTO participations (event_id, employee_id, department_id, role, hours) VALUES
         ('V','T','D2','host',1), ('V','K','D2','host',1), ('W','U',NULL,'host',1), ('W','K','D2','host',1)`,
      `INSERT INTO evaluations (employee_id, period, performance_score) VALUES ('T','2019',50), ('U','2019',50)`,
    );
    const e = byId(await rows(engine, { period: '2019' }));
    expect([e.T!.department_id, e.T!.cross]).toEqual(['D1', 0]);
    expect([e.U!.department_id, e.U!.cross]).toEqual(['D1', 1]); // U's row has no department: employees' D1 is used
  });

  it('counts distinct stakeholder groups exactly, also beyond the 64 a bitmask holds', async () => {
    // V1 names g0..g64 (65 groups), V2 names g0 and residents: A met 66 distinct groups, B (V2 only) 2.
    const engine = await newEngine();
    engines.push(engine);
    await seed(
      engine,
      `INSERT INTO employees (employee_id, department_id, grade) VALUES ('A','D1','7급'), ('B','D1','7급')`,
      `INSERT INTO events (event_id, occurred_on, channel, citizens_reached, stakeholder_groups) VALUES
         ('V1', DATE '2019-02-01', 'forum', 0, list_transform(range(65), i -> 'g' || i)),
         ('V2', DATE '2019-02-02', 'forum', 0, ['g0', 'residents', 'g0'])`,
      `INSERT INTO participations (event_id, employee_id, department_id, role, hours) VALUES ('V1','A','D1','host',1), ('V2','A','D1','host',1), ('V2','B','D1','host',1)`,
      `INSERT INTO evaluations (employee_id, period, performance_score) VALUES ('A','2019',50), ('B','2019',50)`,
    );
    const many = byId(await rows(engine, { period: '2019' }));
    expect([many.A!.diversity, many.B!.diversity]).toEqual([66, 2]);
    await seed(engine, `DELETE FROM participations WHERE event_id = 'V1'`, `DELETE FROM events WHERE event_id = 'V1'`);
    const few = byId(await rows(engine, { period: '2019' })); // 2 groups: the bitmask path
    expect([few.A!.diversity, few.B!.diversity]).toEqual([2, 2]);
  });

  it('evaluates a workspace opened read-only', async () => {
    const file = path.join(tempDir(), 'ro.duckdb');
    const first = await newEngine(file);
    await seed(first, ...FIXTURE, `INSERT INTO schema_version VALUES (99, now()::TIMESTAMP)`);
    await first.close();
    const ro = await Engine.open(file);
    engines.push(ro);
    expect(ro.workspace.readOnly).toBe(true);
    expect(byId(await rows(ro, { period: '2019' })).E1!.composite).toBe(79);
    const save = await ro.api().saveEvaluationSetup({ name: 'x' });
    expect(save.ok || save.error.code).toBe('READ_ONLY');
  });
});

describe('evaluate: bad input', () => {
  it('refuses a period in the wrong format and a period without evaluations', async () => {
    const engine = await fixture();
    const bad = await engine.api().evaluate({ period: '2019H3' });
    expect(bad.ok || bad.error).toMatchObject({ code: 'VALIDATION', details: { field: 'period' } });
    const none = await engine.api().evaluate({ period: '2020' });
    expect(none.ok).toBe(false);
    if (!none.ok) {
      expect(none.error.code).toBe('VALIDATION');
      expect(none.error.message).toContain('no evaluations for 2020');
      expect(none.error.message).toContain('2019, 2019H1');
    }
  });

  it('refuses component weights that do not sum to 1 or are negative, and w outside [0, 1]', async () => {
    const engine = await fixture();
    const sum = await engine.api().evaluate({ period: '2019', weights: { hours: 0.5, events: 0.2, reach: 0.15, outcomes: 0.15, diversity: 0.1, cross: 0.1 } });
    expect(sum.ok || sum.error.code).toBe('VALIDATION');
    expect(sum.ok || sum.error.message).toMatch(/weights: .*sum to 1; they sum to 1\.2/);
    const neg = await engine.api().evaluate({ period: '2019', weights: { hours: 1.1, events: -0.1, reach: 0, outcomes: 0, diversity: 0, cross: 0 } });
    expect(neg.ok || neg.error.message).toMatch(/weights\.(hours|events)/);
    const within = await engine.api().evaluate({ period: '2019', weights: { hours: 0.3 + 1e-10, events: 0.2, reach: 0.15, outcomes: 0.15, diversity: 0.1, cross: 0.1 } });
    expect(within.ok).toBe(true); // 1e-10 off: within the 1e-9 tolerance
    for (const weight of [-0.01, 1.01]) {
      const r = await engine.api().evaluate({ period: '2019', weight });
      expect(r.ok || r.error.message).toMatch(/weight: w must be between 0 and 1/);
    }
  });

  it('gives everyone rank 1, percentile 0 and no effective weight when all are tied; a peer group of one falls back', async () => {
    const engine = await newEngine();
    engines.push(engine);
    await seed(
      engine,
      `INSERT INTO employees (employee_id, department_id, grade) VALUES ('A','D1','1급'), ('B','D1','2급'), ('C','D1','3급')`,
      `INSERT INTO evaluations (employee_id, period, performance_score) VALUES ('A','2019',50), ('B','2019',50), ('C','2019',50)`,
    );
    const e = byId(await rows(engine, { period: '2019' }));
    for (const id of ['A', 'B', 'C']) {
      expect(e[id]!.peer_group).toBe(`all (fallback: grade ${({ A: '1급', B: '2급', C: '3급' } as Record<string, string>)[id]} has 1)`);
      expect([e[id]!.engagement, e[id]!.composite, e[id]!.rank_performance, e[id]!.rank_composite, e[id]!.rank_change]).toEqual([0, 30, 1, 1, 0]);
    }
    const s = await engine.api().evaluationSummary({ period: '2019' });
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.n).toBe(3);
    expect(s.value.effective_weight).toBeNull(); // var(F) = 0
    expect(s.value.notes.join(' ')).toMatch(/var\(F\) = 0/);
    expect(s.value.notes.join(' ')).toMatch(/3 of 3 evaluated employees have no participation/);
    expect(s.value.sensitivity.every((r) => r.kendall_tau === null && r.quintile_changed_share === 0)).toBe(true);
  });
});

describe('evaluationSummary', () => {
  it('gives the effective weight of a two-employee case', async () => {
    // A (S 80) met residents at one adopted event reaching 10 citizens alone; B (S 60) did nothing.
    // n = 2, peer everyone: A's hours, events, reach, diversity, outcomes rank 2 of 2 → 100; cross 0 for both → 0.
    // E_A = 30 + 20 + 15 + 15 + 10 + 0 = 90, E_B = 0; F_A = 0.6·80 + 0.4·90 = 84, F_B = 36.
    // cov(E, F) = ((90 − 45)(84 − 60) + (0 − 45)(36 − 60)) / 2 = 1080; var(F) = (24² + 24²)/2 = 576.
    // effective_weight = 0.4 · 1080 / 576 = 0.75: at a nominal 40 %, engagement decides 75 % of the differences.
    const engine = await newEngine();
    engines.push(engine);
    await seed(
      engine,
      `INSERT INTO employees (employee_id, department_id, grade) VALUES ('A','D1','7급'), ('B','D1','7급')`,
      `INSERT INTO events (event_id, occurred_on, channel, citizens_reached, stakeholder_groups, outcome) VALUES ('V', DATE '2019-06-01', 'forum', 10, ['residents'], 'adopted')`,
      `INSERT INTO participations (event_id, employee_id, department_id, role, hours) VALUES ('V','A','D1','host',1)`,
      `INSERT INTO evaluations (employee_id, period, performance_score) VALUES ('A','2019',80), ('B','2019',60)`,
    );
    const r = await engine.api().evaluationSummary({ period: '2019', peer: 'all' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.n).toBe(2);
    expect(r.value.effective_weight).toBeCloseTo(0.75, 12);
    // shares: A 0.4·90/84 = 3/7, B 0; quantile_cont interpolates between them.
    const d = r.value.engagement_share_distribution;
    expect(d.min).toBe(0);
    expect(d.max).toBeCloseTo(3 / 7, 12);
    expect(d.median).toBeCloseTo(3 / 14, 12);
    expect(d.p25).toBeCloseTo(3 / 28, 12);
    expect(d.p75).toBeCloseTo(9 / 28, 12);
    expect(d.mean).toBeCloseTo(3 / 14, 12);
    // A stays ahead for every w: tau 1, no quintile change (n = 2: ranks 1, 2 → quintiles 1, 3).
    expect(r.value.sensitivity.map((x) => x.kendall_tau)).toEqual(Array(13).fill(1));
    expect(r.value.sensitivity.every((x) => x.quintile_changed_share === 0)).toBe(true);
  });

  it('gives tau-b and quintile changes on the fixture', async () => {
    // At w = 0.4 (ordered by S desc): E7 (100, 62.86), E3 (90, 59.5), E2 (80, 61), E5 (80, 60), E1 (70, 79),
    // E4 (60, 41.5), E6 (50, 38.86), E8 (40, 24). 28 pairs, 1 tied in S (E2–E5), none in F.
    // Discordant: E7–E1; E3–E2, E3–E5, E3–E1; E2–E1; E5–E1 = 6; concordant 27 − 6 = 21.
    // tau_b = (21 − 6) / sqrt((28 − 1)(28 − 0)) = 15 / sqrt(756).
    // Quintiles (n = 8): ranks 1,2 → 1; 3,4 → 2; 5 → 3; 6,7 → 4; 8 → 5. By S: E7 1, E3 1, E2 2, E5 2, E1 3, E4 4, E6 4, E8 5;
    // by F: E1 1, E7 1, E2 2, E5 2, E3 3, E4 4, E6 4, E8 5 → E1 and E3 change: 2/8.
    const r = await (await fixture()).api().evaluationSummary({ period: '2019' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.sensitivity.map((x) => x.weight)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]);
    const at = r.value.sensitivity.find((x) => x.weight === 0.4)!;
    expect(at.kendall_tau).toBeCloseTo(15 / Math.sqrt(756), 12);
    expect(at.quintile_changed_share).toBe(0.25);
    expect(r.value.sensitivity[0]).toEqual({ weight: 0, kendall_tau: 1, quintile_changed_share: 0 }); // F_0 = S
    // effective weight from the hand values of E and F above (population moments).
    const E = [92.5, 32.5, 13.75, 13.75, 30, 155 / 7, 50 / 7, 0];
    const F = [79, 61, 59.5, 41.5, 60, 30 + 62 / 7, 60 + 20 / 7, 24];
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const cov = mean(E.map((e, i) => (e - mean(E)) * (F[i]! - mean(F))));
    const varF = mean(F.map((f) => (f - mean(F)) ** 2));
    expect(r.value.effective_weight).toBeCloseTo((0.4 * cov) / varF, 10);
    expect(r.value.notes.join(' ')).toMatch(/1 of 8 evaluated employees have no participation/);
    expect(r.value.notes.join(' ')).toMatch(/3 employees are compared with everyone/);
  });
});

describe('explainEmployee', () => {
  it('lays out the components, the peer group, the arithmetic and the participations behind a score', async () => {
    const r = await (await fixture()).api().explainEmployee({ period: '2019', employeeId: 'E1' });
    if (!r.ok) throw new Error(r.error.message);
    const x = r.value;
    expect([x.peer_group, x.peer_fallback, x.peer_group_n]).toEqual(['grade:7급', false, 5]);
    expect(x.peer_group_reason).toMatch(/5 employees evaluated in grade 7급/);
    const hours = x.components.find((c) => c.component === 'hours')!;
    expect(hours).toMatchObject({ value: 3, percentile: 75, weight: 0.3, contribution: 22.5 });
    // 7급 hours: 1, 2, 2, 3, 4 → quantile_cont at positions 1, 2, 3 of 0..4.
    expect(hours.peer_distribution).toEqual({ min: 1, p25: 2, median: 2, p75: 3, max: 4, n: 5 });
    expect(x.components.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(x.engagement, 12);
    expect([x.engagement, x.composite, x.rank_performance, x.rank_composite, x.rank_change]).toEqual([92.5, 79, 5, 1, -4]);
    expect(x.arithmetic.engagement).toBe('E = 0.3 × 75 + 0.2 × 100 + 0.15 × 100 + 0.15 × 100 + 0.1 × 100 + 0.1 × 100 = 92.5');
    expect(x.arithmetic.composite).toBe('F = (1 − 0.4) × 70 + 0.4 × 92.5 = 79');
    expect(x.participations).toEqual([
      {
        event_id: 'V1', occurred_on: '2019-03-01', program: 'Cheong-Chek', channel: 'forum', role: 'host', hours: 2,
        citizens_reached: 100, stakeholder_groups: ['residents', 'ngo'], staff_on_event: 3, reach_contribution: 100 / 3,
        cross: true, outcome: 'adopted', outcome_points: 2,
      },
      {
        event_id: 'V2', occurred_on: '2019-05-10', program: 'Oasis', channel: 'online', role: 'responder', hours: 1,
        citizens_reached: 40, stakeholder_groups: ['youth'], staff_on_event: 1, reach_contribution: 40,
        cross: true, outcome: 'recommendation', outcome_points: 1,
      },
    ]);
  });

  it('says why a peer group fell back, and explains an employee with no participation', async () => {
    const r = await (await fixture()).api().explainEmployee({ period: '2019', employeeId: 'E8' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.peer_fallback).toBe(true);
    expect(r.value.peer_group_n).toBe(8);
    expect(r.value.peer_group_reason).toMatch(/grade group 5급 has 3 evaluated member\(s\), fewer than 5/);
    expect(r.value.components.map((c) => [c.value, c.percentile])).toEqual(Array(6).fill([0, 0]));
    expect(r.value.participations).toEqual([]);
    expect(r.value.components[0]!.peer_distribution).toEqual({ min: 0, p25: 0.875, median: 1.5, p75: 2.25, max: 4, n: 8 });
  });

  it('refuses an employee who is not evaluated in the period, or unknown', async () => {
    const engine = await fixture();
    const other = await engine.api().explainEmployee({ period: '2019H1', employeeId: 'E2' });
    expect(other.ok || other.error.message).toMatch(/E2 has no evaluation for 2019H1 \(evaluated in: 2019\)/);
    const x1 = await engine.api().explainEmployee({ period: '2019', employeeId: 'X1' });
    expect(x1.ok || x1.error.message).toMatch(/X1 has no evaluation/);
    const none = await engine.api().explainEmployee({ period: '2019', employeeId: 'NOPE' });
    expect(none.ok || none.error.message).toMatch(/no employee NOPE/);
  });
});

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink();
  const err = new Sink();
  const code = await main(args, out, err);
  return { code, out: out.text, err: err.text };
}

describe('CLI evaluate', () => {
  it('prints the header and one row per employee in full precision, the summary, and one explanation', async () => {
    const file = path.join(tempDir(), 'w.duckdb');
    const engine = await newEngine(file);
    await seed(engine, ...FIXTURE);
    await engine.close();
    const csv = await cli('evaluate', '--workspace', file, '--period', '2019');
    expect(csv.code).toBe(0);
    const lines = csv.out.trimEnd().split('\n');
    expect(lines[0]).toBe(EVALUATION_COLUMNS.join(','));
    expect(lines).toHaveLength(9);
    // E5: 4 h at one event reaching 0, percentile 100 in hours only; E = 30, F = 60, share 0.2, rank 3 by S (tie), 4 by F.
    expect(lines[5]).toBe('E5,D1,7급,grade:7급,4,1,0,0,0,0,100,0,0,0,0,0,30,80,60,0.2,3,4,1');
    expect(lines[6]).toBe(`E6,D2,5급,all (fallback: grade 5급 has 3),1,1,10,2,0,0,${100 * (2 / 7)},${100 * (1 / 7)},${100 * (3 / 7)},${100 * (3 / 7)},0,0,${155 / 7},50,${30 + 62 / 7},0.22794117647058823,7,7,0`);
    const json = await cli('evaluate', '--workspace', file, '--period', '2019', '--weight', '0', '--format', 'json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)[2]).toMatchObject({ employee_id: 'E3', composite: 90, rank_change: 0 });
    const weights = await cli('evaluate', '--workspace', file, '--period', '2019', '--peer', 'all', '--weights', 'hours=1,events=0,reach=0,outcomes=0,diversity=0,cross=0');
    expect(weights.out.split('\n')[5]).toMatch(/^E5,D1,7급,all,4,.*,100,80,/); // E = 100 (most hours of all)
    const summary = await cli('evaluate', '--workspace', file, '--period', '2019', '--summary');
    expect(summary.code).toBe(0);
    const s = JSON.parse(summary.out);
    expect(Object.keys(s)).toEqual(['n', 'effective_weight', 'sensitivity']);
    expect(s.n).toBe(8);
    expect(s.sensitivity[8]).toEqual({ weight: 0.4, kendall_tau: 15 / Math.sqrt(756), quintile_changed_share: 0.25 });
    const one = await cli('evaluate', '--workspace', file, '--period', '2019', '--employee', 'E1');
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out)).toMatchObject({ employee_id: 'E1', engagement: 92.5, composite: 79 });
  });

  it('exits 2 on a usage error and 1 on bad input', async () => {
    const file = path.join(tempDir(), 'w.duckdb');
    const engine = await newEngine(file);
    await seed(engine, ...FIXTURE);
    await engine.close();
    const missing = await cli('evaluate', '--workspace', file);
    expect([missing.code, missing.out]).toEqual([2, '']);
    expect(missing.err).toMatch(/--period P is required/);
    expect((await cli('evaluate', '--workspace', file, '--period', '2019', '--weight', 'abc')).code).toBe(2);
    expect((await cli('evaluate', '--workspace', file, '--period', '2019', '--peer', 'bureau')).code).toBe(2);
    expect((await cli('evaluate', '--workspace', file, '--period', '2019', '--weights', 'hours=1')).err).toMatch(/missing: events, reach/);
    const sum = await cli('evaluate', '--workspace', file, '--period', '2019', '--weights', 'hours=0.5,events=0.5,reach=0.5,outcomes=0,diversity=0,cross=0');
    expect(sum.code).toBe(1);
    expect(sum.err).toMatch(/sum to 1/);
    expect((await cli('evaluate', '--workspace', file, '--period', '2019', '--weight', '1.5')).code).toBe(1);
    const none = await cli('evaluate', '--workspace', file, '--period', '2021');
    expect([none.code, none.out]).toEqual([1, '']);
    expect(none.err).toMatch(/no evaluations for 2021/);
    expect((await cli('evaluate', '--workspace', file, '--period', '2019', '--employee', 'NOPE')).code).toBe(1);
    expect((await cli('evaluate', '--workspace', path.join(tempDir(), 'missing.duckdb'), '--period', '2019')).code).toBe(1);
  });
});
