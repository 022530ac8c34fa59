/**
 * The monthly rollups (derived.ts d_month_*) behind the Departments metrics:
 * splitWindow on hand-worked windows, and every Departments SQL builder giving
 * the same rows through the rollups (whole months) plus the fact tables (end
 * days) as through the fact tables alone, on the demo data, for windows with
 * and without end days and with every kind of filter. (Headcount's engaged
 * staff reads d_year_staff by whole years the same way.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../data/demo';
import type { Scope } from '../../src-main/common/scope';
import { collaborationIndexSql, collaborationMatrixSql } from '../../src-main/engine/collaboration';
import {
  departmentChannelMatrixSql, departmentSeriesSql, departmentTableSql, departmentTotalsSql, depthProfileSql,
} from '../../src-main/engine/departmentMetrics';
import { scopeParams, splitWindow, used, type ResolvedScope } from '../../src-main/engine/departmentScope';
import type { Engine } from '../../src-main/engine/engine';
import { newEngine, sampleFilters } from '../helpers/workspace';

describe('splitWindow', () => {
  it('reads whole months from the rollups and the days at the ends from the fact tables', () => {
    // 15 Jan – 10 Mar 2019: February whole; 15–31 Jan and 1–10 Mar are end days.
    expect(splitWindow('2019-01-15', '2019-03-10')).toEqual({
      months: { from: '2019-02-01', to: '2019-02-01' },
      edges: [{ from: '2019-01-15', to: '2019-01-31' }, { from: '2019-03-01', to: '2019-03-10' }],
    });
    // A whole year: twelve months, no end days.
    expect(splitWindow('2019-01-01', '2019-12-31')).toEqual({ months: { from: '2019-01-01', to: '2019-12-01' }, edges: [] });
    // Inside one month, or two partial months: no whole month, the window as it is.
    expect(splitWindow('2019-01-15', '2019-01-20')).toEqual({ months: null, edges: [{ from: '2019-01-15', to: '2019-01-20' }] });
    expect(splitWindow('2019-01-15', '2019-02-10')).toEqual({ months: null, edges: [{ from: '2019-01-15', to: '2019-02-10' }] });
    // Leap February ends on the 29th; the year turns in December.
    expect(splitWindow('2019-12-31', '2020-02-29')).toEqual({
      months: { from: '2020-01-01', to: '2020-02-01' },
      edges: [{ from: '2019-12-31', to: '2019-12-31' }],
    });
    expect(splitWindow('2019-02-01', '2019-02-28').months).toEqual({ from: '2019-02-01', to: '2019-02-01' });
    expect(splitWindow('2100-02-01', '2100-02-28').months).toEqual({ from: '2100-02-01', to: '2100-02-01' });
    // Park Won-soon's administration (27 Oct 2011 – 9 Jul 2020).
    expect(splitWindow('2011-10-27', '2020-07-09')).toEqual({
      months: { from: '2011-11-01', to: '2020-06-01' },
      edges: [{ from: '2011-10-27', to: '2011-10-31' }, { from: '2020-07-01', to: '2020-07-09' }],
    });
    // The open bounds are whole months.
    expect(splitWindow('0001-01-01', '9999-12-31')).toEqual({ months: { from: '0001-01-01', to: '9999-12-01' }, edges: [] });
    // By year (d_year_staff): Park Won-soon's administration has the whole years 2012–2019.
    expect(splitWindow('2011-10-27', '2020-07-09', true, 'year')).toEqual({
      months: { from: '2012-01-01', to: '2019-01-01' },
      edges: [{ from: '2011-10-27', to: '2011-12-31' }, { from: '2020-01-01', to: '2020-07-09' }],
    });
    expect(splitWindow('2019-01-01', '2019-12-31', true, 'year')).toEqual({ months: { from: '2019-01-01', to: '2019-01-01' }, edges: [] });
    expect(splitWindow('2019-01-01', '2019-12-30', true, 'year')).toEqual({ months: null, edges: [{ from: '2019-01-01', to: '2019-12-30' }] });
    expect(splitWindow('0001-01-01', '9999-12-31', true, 'year')).toEqual({ months: { from: '0001-01-01', to: '9999-01-01' }, edges: [] });
    // Without rollups, the window is read from the fact tables alone.
    expect(splitWindow('2019-01-01', '2019-12-31', false)).toEqual({ months: null, edges: [{ from: '2019-01-01', to: '2019-12-31' }] });
  });
});

describe('Departments SQL through the rollups', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await newEngine();
    await generateDemo(engine.workspace, { scale: 0.05, seed: 11 });
  }, 120_000);
  afterAll(async () => engine?.close());

  const BUILDERS: Record<string, (rs: ResolvedScope) => string> = {
    departmentTable: departmentTableSql,
    departmentTotals: departmentTotalsSql,
    'departmentSeries(department)': (rs) => departmentSeriesSql(rs, 'department'),
    'departmentSeries(channel)': (rs) => departmentSeriesSql(rs, 'channel'),
    departmentChannelMatrix: departmentChannelMatrixSql,
    depthProfile: depthProfileSql,
    collaborationMatrix: collaborationMatrixSql,
    collaborationIndex: collaborationIndexSql,
  };

  /** The rows of a builder's SQL, sorted, doubles rounded to 9 significant digits (sums in another order). */
  async function rowsOf(sql: string, rs: ResolvedScope): Promise<string[]> {
    const { values, types } = used(sql, rs.params);
    const rows = await engine.workspace.use('read', async (c) => (await c.runAndReadAll(sql, values, types)).getRowObjectsJS());
    return rows
      .map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : typeof v === 'bigint' ? Number(v) : v)))
      .sort();
  }

  it('gives the rows the fact tables alone give, for every builder, window and filter', async () => {
    const some = await sampleFilters(engine);
    const departments = some.departments;
    const scopes: Record<string, Scope | undefined> = {
      all: undefined,
      'whole year': { from: '2019-01-01', to: '2019-12-31' },
      'end days both sides': { from: '2018-11-17', to: '2019-03-10' },
      'whole years and end days': { from: '2012-03-05', to: '2019-08-20' },
      'inside one month': { from: '2019-05-03', to: '2019-05-20' },
      'administration, forum': { from: '2011-10-27', to: '2020-07-09', channels: ['forum'] },
      'two channels': { from: '2018-02-14', to: '2019-12-31', channels: ['forum', 'online'] },
      program: { from: '2017-06-10', programs: [some.program] },
      departments: { to: '2019-08-20', departments },
      'bureau, one channel': { from: '2016-03-31', to: '2019-01-01', bureaus: [some.bureau], channels: ['committee'] },
    };
    let compared = 0;
    for (const [label, scope] of Object.entries(scopes)) {
      const rollup = scopeParams(scope, true);
      const facts = scopeParams(scope, true, { rollups: false });
      for (const [name, build] of Object.entries(BUILDERS)) {
        const expected = await rowsOf(build(facts), facts);
        const got = await rowsOf(build(rollup), rollup);
        expect(got, `${name}, ${label}`).toEqual(expected);
        compared += expected.length;
      }
    }
    // The comparison is not vacuous: the demo has activity in these windows.
    expect(compared).toBeGreaterThan(5000);
  }, 120_000);
});
