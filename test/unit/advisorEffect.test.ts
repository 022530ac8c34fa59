/**
 * Advisor difference in differences on a tiny fixture.
 * T1: advisor_since 2020-03-15 → advisor month 2020-03; before = 2019-03 … 2020-02, after = 2020-03 … 2021-02.
 *     employees t1, t2 (headcount 2 every month). Hours: 2019-06 event 6 + 6 = 12; 2020-06 event 18 + 18 = 36.
 * C1: no advisor. c1 (2010-), c2 hired 2020-09-15 (headcount 2 from 2020-09). Hours: 2019-09 6; 2020-09 12.
 * X1: advisor_since 2030-01-01: outside the window [2020-01-01, 2020-12-31], so neither treated nor control.
 * Months with data: events from 2019-03 (no participants) to 2021-02 (no participants): no month missing.
 *   T1 before: 12/2 = 6 in one month of 12 → 0.5; after: 36/2 = 18 in one of 12 → 1.5; diff 1.0
 *   C1 before: 6/1 = 6 in one of 12 → 0.5; after: 12/2 = 6 in one of 12 → 0.5; diff 0
 *   did = 1.0 − 0 = 1.0
 * Without the 2021-02 event the data ends in 2020-09: after-months 2020-10 … 2021-02 (5) are missing for T1
 * and for C1 (10 department-months): T1 after = 18/7, C1 after = 6/7 → did = (18/7 − 0.5) − (6/7 − 0.5) = 12/7.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine/engine';
import type { AdvisorEffect } from '../../src-main/common/departmentsApi';
import { closeAfterEach, newEngine, seed } from '../helpers/workspace';

const track = closeAfterEach();

async function fixture(): Promise<Engine> {
  const engine = await newEngine();
  track(engine);
  await seed(
    engine,
    `INSERT INTO departments VALUES ('T1', 'Treated', NULL, 'B', DATE '2020-03-15', NULL), ('C1', 'Control', NULL, 'B', NULL, NULL),
       ('X1', 'Later', NULL, 'B', DATE '2030-01-01', NULL)`,
    `INSERT INTO employees VALUES ('t1', 'T1', NULL, DATE '2010-01-01', NULL, NULL), ('t2', 'T1', NULL, DATE '2010-01-01', NULL, NULL),
       ('c1', 'C1', NULL, DATE '2010-01-01', NULL, NULL), ('c2', 'C1', NULL, DATE '2020-09-15', NULL, NULL),
       ('x1', 'X1', NULL, DATE '2010-01-01', NULL, NULL)`,
    `INSERT INTO events (event_id, occurred_on, channel, program, citizens_reached) VALUES
       ('first', DATE '2019-03-02', 'forum', 'P', 0), ('last', DATE '2021-02-20', 'forum', 'P', 0),
       ('t-before', DATE '2019-06-10', 'forum', 'P', 5), ('t-after', DATE '2020-06-10', 'forum', 'P', 5),
       ('c-before', DATE '2019-09-10', 'committee', 'P', 5), ('c-after', DATE '2020-09-20', 'committee', 'P', 5),
       ('x', DATE '2020-06-10', 'forum', 'P', 5)`,
    `INSERT INTO participations (event_id, employee_id, department_id, hours) VALUES
       ('t-before', 't1', 'T1', 6), ('t-before', 't2', 'T1', 6), ('t-after', 't1', 'T1', 18), ('t-after', 't2', 'T1', 18),
       ('c-before', 'c1', 'C1', 6), ('c-after', 'c1', 'C1', 12), ('x', 'x1', 'X1', 100)`,
  );
  return engine;
}

const Y2020 = { from: '2020-01-01', to: '2020-12-31' };

async function effect(engine: Engine, scope: object): Promise<AdvisorEffect> {
  const r = await engine.api().advisorEffect({ scope });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('advisorEffect', () => {
  it('computes the difference in differences with the departments on each side', async () => {
    const engine = await fixture();
    const e = await effect(engine, Y2020);
    expect(e.treated_departments).toEqual(['T1']);
    expect(e.control_departments).toEqual(['C1']);
    expect(e.comparisons).toEqual([
      {
        department_id: 'T1', advisor_since: '2020-03-15', before_from: '2019-03-01', after_from: '2020-03-01',
        months_before: 12, months_after: 12,
        treated_before: 0.5, treated_after: 1.5, control_before: 0.5, control_after: 0.5, did: 1,
      },
    ]);
    expect(e.did).toBe(1);
    expect(e.months_missing).toBe(0);
    expect(e.caveat).toMatch(/Only 1 department with an advisor and 1 without: too few to conclude/);
  });

  it('leaves months outside the data out of the means and says so', async () => {
    const engine = await fixture();
    await seed(engine, `DELETE FROM events WHERE event_id = 'last'`);
    const e = await effect(engine, Y2020);
    const c = e.comparisons[0]!;
    expect(c.months_after).toBe(7);
    expect(c.treated_after).toBeCloseTo(18 / 7, 12);
    expect(c.control_after).toBeCloseTo(6 / 7, 12);
    expect(e.did).toBeCloseTo(12 / 7, 12);
    expect(e.months_missing).toBe(10);
    expect(e.caveat).toMatch(/10 department-months/);
  });

  it('says plainly when there is nothing to compare', async () => {
    const engine = await fixture();
    const e = await effect(engine, { from: '2024-01-01', to: '2024-12-31' });
    expect(e).toMatchObject({ did: null, treated_departments: [], comparisons: [] });
    expect(e.control_departments).toEqual(['C1']);
    expect(e.caveat).toMatch(/nothing to compare/);
    const onlyTreated = await effect(engine, { ...Y2020, departments: ['T1'] });
    expect(onlyTreated.did).toBeNull();
    expect(onlyTreated.caveat).toMatch(/no department without one/);
  });
});
