/**
 * The rollups behind the continuity metrics: addMonths against DuckDB's
 * `date + to_months(k)`, planRange on hand-worked ranges, and continuity,
 * continuitySummary and programTimeline giving the same results through the
 * monthly and yearly rollups (whole units) plus the fact tables (the rest) as
 * through the fact tables alone, on the demo data with department-less
 * participations and events without participants added (the rows the
 * rollups do not hold), for every pair of adjacent administrations, several
 * windows, every series and every kind of filter, without an employees table,
 * and on a workspace without events or without administrations.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../data/demo';
import { arrowRows } from '../../src-main/cli/format';
import { continuitySchemas, type ContinuitySeries } from '../../src-main/common/continuityApi';
import type { Scope } from '../../src-main/common/scope';
import { continuity, continuitySummary, programTimeline } from '../../src-main/engine/continuity';
import { addMonths, dayAfter, dayBefore, planRange } from '../../src-main/engine/dateRange';
import type { Engine } from '../../src-main/engine/engine';
import { newEngine, sampleFilters, seed } from '../helpers/workspace';

describe('addMonths', () => {
  it('adds months as DuckDB does, the day clamped to the end of the month', async () => {
    expect(addMonths('2020-03-31', -1)).toBe('2020-02-29');
    expect(addMonths('2021-04-08', -12)).toBe('2020-04-08');
    expect(addMonths('2019-12-31', 2)).toBe('2020-02-29');
    expect(addMonths('2100-03-31', -1)).toBe('2100-02-28');
    const dates = ['2020-01-31', '2020-02-29', '2020-03-31', '2019-12-31', '2021-04-08', '2011-10-27', '2000-02-29', '2100-01-31', '2006-07-01'];
    const ks = [-240, -37, -13, -12, -1, 0, 1, 11, 12, 13, 25, 240];
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      for (const d of dates) {
        for (const k of ks) {
          const r = await conn.runAndReadAll(`SELECT strftime(($d::DATE + to_months($k::INTEGER))::DATE, '%Y-%m-%d') AS x`, { d, k });
          expect(addMonths(d, k), `${d} + ${k} months`).toBe(r.getRowObjectsJS()[0]!.x);
        }
      }
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});

describe('dayBefore and dayAfter', () => {
  it('step over month, leap-day and year ends, for any year', () => {
    expect(dayBefore('2020-03-01')).toBe('2020-02-29');
    expect(dayBefore('2019-03-01')).toBe('2019-02-28');
    expect(dayBefore('2020-01-01')).toBe('2019-12-31');
    expect(dayBefore('2019-05-17')).toBe('2019-05-16');
    expect(dayAfter('2019-12-31')).toBe('2020-01-01');
    expect(dayAfter('2100-02-28')).toBe('2100-03-01');
    expect(dayAfter('2000-02-28')).toBe('2000-02-29');
    expect(dayAfter('0001-01-31')).toBe('0001-02-01');
    expect(dayBefore('0004-03-01')).toBe('0004-02-29');
  });
});

describe('planRange', () => {
  it('reads the months no cut splits from the rollups, the days of the others from the fact tables', () => {
    // The windows around 2021-04-08 (12 months): April 2020, April 2021 and April 2022 are cut.
    expect(planRange('2020-04-08', '2022-04-07', ['2021-04-08'], 'month')).toEqual({
      whole: { from: '2020-05-01', to: '2022-03-01', end: '2022-03-31' },
      split: ['2021-04-01'],
      days: [{ from: '2020-04-08', to: '2020-04-30' }, { from: '2021-04-01', to: '2021-04-30' }, { from: '2022-04-01', to: '2022-04-07' }],
    });
    // A cut on the first day of a month splits nothing.
    expect(planRange('2020-01-01', '2020-12-31', ['2020-04-01'], 'month')).toEqual({
      whole: { from: '2020-01-01', to: '2020-12-01', end: '2020-12-31' },
      split: [],
      days: [],
    });
    // Adjacent cut months are read as one day range; cuts outside the range do not count.
    expect(planRange('2020-01-01', '2020-12-31', ['2020-03-15', '2020-04-10', '2019-06-06', '2021-02-02'], 'month')).toEqual({
      whole: { from: '2020-01-01', to: '2020-12-01', end: '2020-12-31' },
      split: ['2020-03-01', '2020-04-01'],
      days: [{ from: '2020-03-01', to: '2020-04-30' }],
    });
    // By year: the Seoul spans from 2006 to 2024 cut 2006, 2011, 2020 and 2021.
    expect(planRange('2006-01-01', '2024-12-31', ['2006-07-01', '2011-08-27', '2011-10-27', '2020-07-10', '2021-04-08', '2025-01-01'], 'year')).toEqual({
      whole: { from: '2007-01-01', to: '2024-01-01', end: '2024-12-31' },
      split: ['2011-01-01', '2020-01-01', '2021-01-01'],
      days: [{ from: '2006-01-01', to: '2006-12-31' }, { from: '2011-01-01', to: '2011-12-31' }, { from: '2020-01-01', to: '2021-12-31' }],
    });
    // No whole unit, an empty range, and the fact tables alone.
    expect(planRange('2020-01-15', '2020-02-10', [], 'month')).toEqual({ whole: null, split: [], days: [{ from: '2020-01-15', to: '2020-02-10' }] });
    expect(planRange('2020-02-01', '2020-01-31', [], 'month')).toEqual({ whole: null, split: [], days: [] });
    expect(planRange('2020-01-01', '2020-12-31', [], 'month', false)).toEqual({ whole: null, split: [], days: [{ from: '2020-01-01', to: '2020-12-31' }] });
  });
});

describe('continuity through the rollups', () => {
  let engine: Engine;
  let scopes: Record<string, Scope | undefined>;
  let program: string;
  beforeAll(async () => {
    engine = await newEngine();
    await generateDemo(engine.workspace, { scale: 0.05, seed: 11 });
    const some = await sampleFilters(engine);
    program = some.program;
    scopes = {
      all: undefined,
      forum: { channels: ['forum'] },
      program: { programs: [program] },
      'program, two channels': { programs: [program], channels: ['forum', 'online'] },
      departments: { departments: some.departments },
      bureau: { bureaus: [some.bureau] },
    };
  }, 180_000);
  afterAll(async () => engine?.close());

  /** A value with every double rounded to 9 significant digits (sums in another order). */
  const normal = (v: unknown): unknown =>
    JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isInteger(x) ? Number(x.toPrecision(9)) : typeof x === 'bigint' ? Number(x) : x)));

  async function compareAll(pairs: [string, string][], windows: number[], scopeList: Record<string, Scope | undefined>): Promise<number> {
    const ws = engine.workspace;
    let compared = 0;
    for (const [label, scope] of Object.entries(scopeList)) {
      for (const [before, after] of pairs) {
        for (const windowMonths of windows) {
          for (const series of ['events', 'hours', 'engaged'] as ContinuitySeries[]) {
            const req = continuitySchemas.continuity.parse({ before, after, windowMonths, minEvents: 3, series, scope });
            const expected = await continuity(ws, req, { rollups: false });
            expect(normal(await continuity(ws, req)), `${label}: ${before}>${after}, ${windowMonths} months, ${series}`).toEqual(normal(expected));
            compared += expected.programs_before.length + expected.staff_engaged_before + (expected.its?.fitted.length ?? 0) + expected.department_ranks.length;
          }
        }
      }
      const summary = continuitySchemas.continuitySummary.parse({ minEvents: 3, scope });
      const expectedSummary = arrowRows(await continuitySummary(ws, summary, { rollups: false })).rows;
      expect(expectedSummary.filter((r) => r.months !== 0).length, label).toBeGreaterThan(3);
      expect(normal(arrowRows(await continuitySummary(ws, summary)).rows), `summary, ${label}`).toEqual(normal(expectedSummary));
      for (const windowMonths of windows) {
        const timeline = continuitySchemas.programTimeline.parse({ minEvents: 3, windowMonths, scope });
        const expectedTimeline = arrowRows(await programTimeline(ws, timeline, { rollups: false })).rows;
        expect(expectedTimeline.length, label).toBeGreaterThan(0);
        expect(normal(arrowRows(await programTimeline(ws, timeline)).rows), `timeline, ${label}, ${windowMonths} months`).toEqual(normal(expectedTimeline));
        compared += expectedTimeline.length;
      }
    }
    return compared;
  }

  it('gives what the fact tables alone give on the demo as generated (every participation has a department)', async () => {
    const [r] = await engine.workspace.use('read', async (c) =>
      (await c.runAndReadAll('SELECT count(*)::INTEGER AS n FROM d_event_departments WHERE department_id IS NULL')).getRowObjectsJS(),
    );
    expect(r!.n).toBe(0);
    const compared = await compareAll([['park-2011', 'seo-2020'], ['seo-2020', 'oh-2021']], [12], { all: undefined, forum: scopes.forum });
    expect(compared).toBeGreaterThan(1000);
  }, 180_000);

  describe('with participations and events without a department', () => {
    // Rows the rollups do not hold: participations without a department (an employee unknown to
    // employees, a department-level row), one on an event that also has known departments, and
    // events without participants; on whole months and on cut ones (2021-04, 2020-07).
    beforeAll(async () => {
      const days = ['2009-03-10', '2013-06-20', '2016-11-02', '2020-07-05', '2020-07-20', '2021-04-03', '2021-04-20', '2022-09-09'];
      await seed(
        engine,
        `INSERT INTO events (event_id, occurred_on, channel, program) VALUES ${days
          .flatMap((d, i) => [`('x-nodept-${i}', DATE '${d}', 'forum', '${program}')`, `('x-empty-${i}', DATE '${d}', 'online', ${i % 2 ? 'NULL' : `'${program}'`})`])
          .join(', ')}`,
        `INSERT INTO participations (event_id, employee_id, department_id, role, hours) VALUES ${days
          .flatMap((_, i) => [`('x-nodept-${i}', 'x-ghost-${i % 3}', NULL, 'host', ${i + 1})`, `('x-nodept-${i}', NULL, NULL, 'host', 0.5)`])
          .join(', ')}`,
        `INSERT INTO participations (event_id, employee_id, department_id, role, hours)
         SELECT event_id, 'x-ghost-9', NULL, 'guest', 1.5 FROM events WHERE occurred_on IN (DATE '2015-05-12', DATE '2021-04-12') AND event_id NOT LIKE 'x-%'`,
      );
    }, 60_000);

    it('gives what the fact tables alone give: every adjacent pair, several windows, every series', async () => {
      const pairs: [string, string][] = [
        ['lee-2002', 'oh-2006'], ['oh-2006', 'kwon-2011'], ['kwon-2011', 'park-2011'], ['park-2011', 'seo-2020'], ['seo-2020', 'oh-2021'], ['oh-2006', 'park-2011'],
      ];
      // The comparison is not vacuous: programs, staff, months and departments on every side.
      expect(await compareAll(pairs, [12, 7, 36], { all: undefined })).toBeGreaterThan(10_000);
    }, 180_000);

    it('gives what the fact tables alone give under every filter', async () => {
      expect(await compareAll([['park-2011', 'seo-2020'], ['seo-2020', 'oh-2021']], [12, 5], scopes)).toBeGreaterThan(5000);
    }, 180_000);

    it('gives what the fact tables alone give without an employees table (headcount = staff seen)', async () => {
      await seed(engine, 'DELETE FROM employees');
      expect(await compareAll([['park-2011', 'seo-2020'], ['seo-2020', 'oh-2021']], [12], { all: undefined, departments: scopes.departments })).toBeGreaterThan(1000);
    }, 180_000);
  });
});

describe('continuity through the rollups on edge workspaces', () => {
  it('gives the same through both paths with no events, and with no administrations', async () => {
    const engine = await newEngine();
    try {
      const ws = engine.workspace;
      const summary = continuitySchemas.continuitySummary.parse({ minEvents: 1 });
      const timeline = continuitySchemas.programTimeline.parse({ minEvents: 1, windowMonths: 12 });
      const both = async () => {
        const s = arrowRows(await continuitySummary(ws, summary)).rows;
        expect(s).toEqual(arrowRows(await continuitySummary(ws, summary, { rollups: false })).rows);
        const t = arrowRows(await programTimeline(ws, timeline)).rows;
        expect(t).toEqual(arrowRows(await programTimeline(ws, timeline, { rollups: false })).rows);
        return { s, t };
      };
      // No events: one row per administration, nothing measured.
      const empty = await both();
      expect(empty.s.map((r) => [r.administration_id, r.months, r.headcount, r.hours_per_head])).toEqual([
        ['lee-2002', 0, 0, null], ['oh-2006', 0, 0, null], ['kwon-2011', 0, 0, null], ['park-2011', 0, 0, null], ['seo-2020', 0, 0, null], ['oh-2021', 0, 0, null],
      ]);
      expect(empty.t).toEqual([]);
      // Events but no administration: no summary row, the timeline without per-administration columns.
      await seed(
        engine,
        "INSERT INTO events (event_id, occurred_on, channel, program) VALUES ('a', DATE '2020-01-05', 'forum', 'P'), ('b', DATE '2020-02-05', 'forum', 'P')",
        "INSERT INTO participations (event_id, employee_id, department_id, hours) VALUES ('a', 'e1', 'D1', 1), ('b', 'e1', NULL, 2)",
        'DELETE FROM administrations',
      );
      const none = await both();
      expect(none.s).toEqual([]);
      expect(none.t).toEqual([{ program: 'P', first_month: '2020-01-01', last_month: '2020-02-01', events: 2, started_in: null }]);
    } finally {
      await engine.close();
    }
  });
});
