/**
 * Departments metrics on a hand-built fixture. Window 2020-01-01 … 2020-12-31.
 *
 * departments: D1 Innovation Planning (B1, advisor 2020-03-10), D2 Youth Policy (B1),
 *              D3 Welfare (B2: no employees, department-level logs only), D4 Archives (B2: no activity)
 * employees:   e1 D1 (2015-), e2 D1 (2018- left 2020-06-30: a leaver, counted), e3 D1 (hired 2021-02-01: not counted),
 *              e4 D2 (2010-), e5 D2 (left 2019-12-31: not counted), e7 D2 (2019-, never participates), e6 D4 (2012-)
 * headcount:   D1 = {e1, e2} = 2, D2 = {e4, e7} = 2, D3 = 0, D4 = {e6} = 1
 * events in the window (participants → department, hours):
 *   V1 2020-02-10 forum     P1 100 citizens consult      e1→D1 2, e4→D2 3
 *   V2 2020-03-05 committee P1  40          involve      e1→D1 1.5, e2→D1 2
 *   V3 2020-05-20 online    P2  10          (no level)   D3 department-level 4, e4→D2 1
 *   V4 2020-07-01 forum     P2  25          consult      e2→(null: employees says D1) 2.5, D3 department-level 1, e4→D2 0.5
 *   V5 2020-11-30 workshop  P1  60          collaborate  e4→D2 2
 * outside: V6 2021-03-01 (e1 10, e3 1, e6 5, 500 citizens), V7 2019-12-31 (e5 3, 7 citizens)
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { ARROW_META_NOTES } from '../../src-main/common/api';
import { arrowRows } from '../../src-main/cli/format';
import { main } from '../../src-main/cli/main';
import type { Engine } from '../../src-main/engine/engine';
import { newEngine, seed } from '../helpers/workspace';

const FIXTURE = [
  `INSERT INTO departments VALUES
     ('D1', 'Innovation Planning', 'Innovation Planning (en)', 'B1', DATE '2020-03-10', NULL),
     ('D2', 'Youth Policy', NULL, 'B1', NULL, NULL),
     ('D3', 'Welfare', NULL, 'B2', NULL, NULL),
     ('D4', 'Archives', NULL, 'B2', NULL, NULL)`,
  `INSERT INTO employees VALUES
     ('e1', 'D1', '7', DATE '2015-01-01', NULL, NULL),
     ('e2', 'D1', '6', DATE '2018-01-01', DATE '2020-06-30', NULL),
     ('e3', 'D1', '9', DATE '2021-02-01', NULL, NULL),
     ('e4', 'D2', '7', DATE '2010-01-01', NULL, NULL),
     ('e5', 'D2', '7', DATE '2010-01-01', DATE '2019-12-31', NULL),
     ('e7', 'D2', '8', DATE '2019-01-01', NULL, NULL),
     ('e6', 'D4', '5', DATE '2012-01-01', NULL, NULL)`,
  `INSERT INTO events (event_id, occurred_on, channel, program, citizens_reached, outcome, spectrum) VALUES
     ('V1', DATE '2020-02-10', 'forum', 'P1', 100, 'recorded', 'consult'),
     ('V2', DATE '2020-03-05', 'committee', 'P1', 40, 'recorded', 'involve'),
     ('V3', DATE '2020-05-20', 'online', 'P2', 10, 'none', NULL),
     ('V4', DATE '2020-07-01', 'forum', 'P2', 25, 'adopted', 'consult'),
     ('V5', DATE '2020-11-30', 'workshop', 'P1', 60, 'recorded', 'collaborate'),
     ('V6', DATE '2021-03-01', 'forum', 'P1', 500, 'recorded', 'inform'),
     ('V7', DATE '2019-12-31', 'forum', 'P3', 7, 'recorded', 'inform')`,
  `INSERT INTO participations (event_id, employee_id, department_id, role, hours) VALUES
     ('V1', 'e1', 'D1', 'host', 2), ('V1', 'e4', 'D2', 'presenter', 3),
     ('V2', 'e1', 'D1', 'host', 1.5), ('V2', 'e2', 'D1', 'facilitator', 2),
     ('V3', NULL, 'D3', 'host', 4), ('V3', 'e4', 'D2', 'participant', 1),
     ('V4', 'e2', NULL, 'host', 2.5), ('V4', NULL, 'D3', 'participant', 1), ('V4', 'e4', 'D2', 'participant', 0.5),
     ('V5', 'e4', 'D2', 'host', 2),
     ('V6', 'e1', 'D1', 'host', 10), ('V6', 'e3', 'D1', 'participant', 1), ('V6', 'e6', 'D4', 'participant', 5),
     ('V7', 'e5', 'D2', 'host', 3)`,
];

const Y2020 = { from: '2020-01-01', to: '2020-12-31' };

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

async function fixture(...extra: string[]): Promise<Engine> {
  const engine = await newEngine();
  engines.push(engine);
  await seed(engine, ...FIXTURE, ...extra);
  return engine;
}

function ok<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

function notesOf(bytes: Uint8Array): Record<string, string> {
  const raw = tableFromIPC(bytes).schema.metadata.get(ARROW_META_NOTES);
  return raw ? (JSON.parse(raw) as Record<string, string>) : {};
}

/** No NaN or Infinity anywhere: every number is finite or the value is null. */
function expectNoNaN(rows: Record<string, unknown>[]): void {
  for (const r of rows) for (const v of Object.values(r)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
}

describe('departmentTable', () => {
  it('computes the six SPEC metrics for every department, sorted, with zeros and nulls', async () => {
    const engine = await fixture();
    const bytes = ok(await engine.api().departmentTable({ scope: Y2020 }));
    const { columns, rows } = arrowRows(bytes);
    expect(columns).toEqual(['department_id', 'name', 'bureau', 'headcount', 'engaged_share', 'hours_per_head', 'events', 'citizens_reached', 'cross_share', 'name_en']);
    expect(rows).toEqual([
      // D1: events V1, V2, V4 = 3; citizens 100 + 40 + 25 = 165; cross V1, V4 = 2/3;
      //     hours 2 + 1.5 + 2 + 2.5 = 8 → 8 / 2 = 4; engaged e1, e2 → 2/2 = 1
      { department_id: 'D1', name: 'Innovation Planning', bureau: 'B1', headcount: 2, engaged_share: 1, hours_per_head: 4, events: 3, citizens_reached: 165, cross_share: 2 / 3, name_en: 'Innovation Planning (en)' },
      // D2: events V1, V3, V4, V5 = 4; citizens 100 + 10 + 25 + 60 = 195; cross V1, V3, V4 = 3/4;
      //     hours 3 + 1 + 0.5 + 2 = 6.5 → 6.5 / 2 = 3.25; engaged e4 (not e7) → 1/2
      { department_id: 'D2', name: 'Youth Policy', bureau: 'B1', headcount: 2, engaged_share: 0.5, hours_per_head: 3.25, events: 4, citizens_reached: 195, cross_share: 0.75, name_en: null },
      // D3: department-level logs only: events V3, V4 = 2; citizens 10 + 25 = 35; both cross → 1; headcount 0 → ratios null
      { department_id: 'D3', name: 'Welfare', bureau: 'B2', headcount: 0, engaged_share: null, hours_per_head: null, events: 2, citizens_reached: 35, cross_share: 1, name_en: null },
      // D4: no activity: e6 employed → headcount 1, engaged 0/1 = 0, hours 0/1 = 0, no events → cross_share null
      { department_id: 'D4', name: 'Archives', bureau: 'B2', headcount: 1, engaged_share: 0, hours_per_head: 0, events: 0, citizens_reached: 0, cross_share: null, name_en: null },
    ]);
    const notes = notesOf(bytes);
    expect(notes.engaged_share).toMatch(/D3: needs staff-level logs/);
    expect(notes.hours_per_head).toMatch(/D3: needs staff-level logs/);
    expect(notes.hours_per_head).toMatch(/department-level logs/);
    expect(notes.cross_share).toMatch(/no event/);
    expect(notes.headcount).toBeUndefined();
  });

  it('lets department and bureau filters choose rows but still sees every participant for cross_share', async () => {
    const engine = await fixture();
    const d1 = arrowRows(ok(await engine.api().departmentTable({ scope: { ...Y2020, departments: ['D1'] } }))).rows;
    // Same D1 row as unfiltered: V1 and V4 stay cross-department although D2 and D3 are filtered out.
    expect(d1).toEqual([expect.objectContaining({ department_id: 'D1', events: 3, cross_share: 2 / 3, hours_per_head: 4 })]);
    const b2 = arrowRows(ok(await engine.api().departmentTable({ scope: { ...Y2020, bureaus: ['B2'] } }))).rows;
    expect(b2.map((r) => r.department_id)).toEqual(['D3', 'D4']);
  });

  it('applies channel and program filters to events, not to headcount', async () => {
    const engine = await fixture();
    const forum = arrowRows(ok(await engine.api().departmentTable({ scope: { ...Y2020, channels: ['forum'] } }))).rows;
    expect(forum.map((r) => [r.department_id, r.headcount, r.engaged_share, r.hours_per_head, r.events, r.citizens_reached, r.cross_share])).toEqual([
      // forum events V1, V4. D1: e1 (V1), e2 (V4) → 2/2; hours 2 + 2.5 = 4.5 → 2.25; citizens 125; both cross
      ['D1', 2, 1, 2.25, 2, 125, 1],
      // D2: e4 → 1/2; hours 3 + 0.5 = 3.5 → 1.75
      ['D2', 2, 0.5, 1.75, 2, 125, 1],
      // D3: V4 only
      ['D3', 0, null, null, 1, 25, 1],
      ['D4', 1, 0, 0, 0, 0, null],
    ]);
    const p2 = arrowRows(ok(await engine.api().departmentTable({ scope: { ...Y2020, programs: ['P2'] } }))).rows;
    // P2 = V3, V4. D2: hours 1 + 0.5 = 1.5 → 0.75; citizens 10 + 25 = 35
    expect(p2.find((r) => r.department_id === 'D2')).toMatchObject({ events: 2, citizens_reached: 35, hours_per_head: 0.75, engaged_share: 0.5 });
  });

  it('counts a leaver and ignores one hired after the window (headcount rule)', async () => {
    const engine = await fixture();
    // 2021: e2 left 2020-06-30 → out; e3 hired 2021-02-01 → in; e1 in. V6: e1 10 + e3 1 = 11 hours → 11 / 2.
    const y2021 = arrowRows(ok(await engine.api().departmentTable({ scope: { from: '2021-01-01', to: '2021-12-31' } }))).rows;
    expect(y2021[0]).toMatchObject({ department_id: 'D1', headcount: 2, engaged_share: 1, hours_per_head: 5.5, events: 1, citizens_reached: 500, cross_share: 1 });
  });

  it('returns zeros and nulls, never NaN, for a scope without data, and an empty table for an empty workspace', async () => {
    const engine = await fixture();
    const { rows } = arrowRows(ok(await engine.api().departmentTable({ scope: { from: '2030-01-01', to: '2030-12-31' } })));
    expect(rows.map((r) => [r.department_id, r.headcount, r.engaged_share, r.hours_per_head, r.events, r.citizens_reached, r.cross_share])).toEqual([
      ['D1', 2, 0, 0, 0, 0, null], // e1 and e3 employed in 2030
      ['D2', 2, 0, 0, 0, 0, null], // e4, e7
      ['D3', 0, null, null, 0, 0, null],
      ['D4', 1, 0, 0, 0, 0, null],
    ]);
    expectNoNaN(rows);
    const blank = await newEngine();
    engines.push(blank);
    expect(arrowRows(ok(await blank.api().departmentTable({}))).rows).toEqual([]);
    const totals = ok(await blank.api().departmentTotals({}));
    expect(totals).toMatchObject({ departments: 0, headcount: 0, engaged_share: null, hours_per_head: null, events: 0, cross_share: null });
  });

  it('falls back to staff seen in the logs when there is no employees table', async () => {
    const engine = await newEngine();
    engines.push(engine);
    await seed(
      engine,
      `INSERT INTO departments VALUES ('A', 'A', NULL, 'X', NULL, NULL)`,
      `INSERT INTO events (event_id, occurred_on, channel, program, citizens_reached) VALUES
         ('a1', DATE '2020-01-05', 'forum', 'P', 1), ('a2', DATE '2020-02-05', 'committee', 'P', 2), ('a3', DATE '2019-01-01', 'forum', 'P', 3)`,
      `INSERT INTO participations (event_id, employee_id, department_id, hours) VALUES
         ('a1', 'x', 'A', 1), ('a2', 'y', 'A', 2), ('a3', 'z', 'A', 4)`,
    );
    // Window 2020: seen x, y → headcount 2 (z only in 2019). Forum only: engaged x → 1/2; hours 1 → 0.5.
    const bytes = ok(await engine.api().departmentTable({ scope: { ...Y2020, channels: ['forum'] } }));
    expect(arrowRows(bytes).rows[0]).toMatchObject({ headcount: 2, engaged_share: 0.5, hours_per_head: 0.5, events: 1 });
    expect(notesOf(bytes).headcount).toMatch(/no employees table/);
  });

  it('refuses from > to, an unknown department, an unknown bureau and an unknown channel, naming the field', async () => {
    const engine = await fixture();
    const api = engine.api();
    const cases: [unknown, string][] = [
      [{ from: '2021-01-01', to: '2020-01-01' }, 'scope.from'],
      [{ departments: ['D1', 'D9'] }, 'scope.departments'],
      [{ bureaus: ['B7'] }, 'scope.bureaus'],
      [{ channels: ['podcast'] }, 'scope.channels.0'],
    ];
    for (const [scope, field] of cases) {
      const r = await api.departmentTable({ scope } as never);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('VALIDATION');
      expect((r.error.details as { field: string }).field).toBe(field);
      expect(r.error.message).toContain(field);
    }
    const bad = await api.departmentTable({ scope: { departments: ['D9'] } });
    expect(!bad.ok && bad.error.message).toContain('"D9"');
  });
});

describe('departmentTotals', () => {
  it('uses the same definitions at city level', async () => {
    const engine = await fixture();
    const t = ok(await engine.api().departmentTotals({ scope: Y2020 }));
    // headcount 2 + 2 + 0 + 1 = 5; engaged e1, e2, e4 = 3 → 0.6; hours 8 + 6.5 + 5 = 19.5 → 3.9;
    // events V1…V5 = 5; citizens 100 + 40 + 10 + 25 + 60 = 235; cross V1, V3, V4 → 3/5
    expect(t).toMatchObject({ departments: 4, headcount: 5, staff_engaged: 3, engaged_share: 0.6, hours: 19.5, hours_per_head: 3.9, events: 5, citizens_reached: 235, cross_share: 0.6 });
    expect(t.notes.hours).toMatch(/department-level/);
    const d1 = ok(await engine.api().departmentTotals({ scope: { ...Y2020, departments: ['D1'] } }));
    // = D1's row: events V1, V2, V4; citizens 165; cross 2/3
    expect(d1).toMatchObject({ departments: 1, headcount: 2, staff_engaged: 2, hours_per_head: 4, events: 3, citizens_reached: 165, cross_share: 2 / 3 });
    const d3 = ok(await engine.api().departmentTotals({ scope: { ...Y2020, departments: ['D3'] } }));
    expect(d3).toMatchObject({ headcount: 0, engaged_share: null, hours_per_head: null, hours: 5, events: 2 });
    expect(d3.notes.engaged_share).toMatch(/needs staff-level logs/);
  });
});

describe('departmentSeries, departmentChannelMatrix, depthProfile', () => {
  it('gives monthly events, hours and engaged staff per department', async () => {
    const engine = await fixture();
    const { columns, rows } = arrowRows(ok(await engine.api().departmentSeries({ scope: Y2020, by: 'department' })));
    expect(columns).toEqual(['month', 'department_id', 'events', 'hours', 'engaged_staff']);
    expect(rows.map((r) => Object.values(r))).toEqual([
      ['2020-02-01', 'D1', 1, 2, 1],
      ['2020-02-01', 'D2', 1, 3, 1],
      ['2020-03-01', 'D1', 1, 3.5, 2], // e1, e2
      ['2020-05-01', 'D2', 1, 1, 1],
      ['2020-05-01', 'D3', 1, 4, 0], // department-level log: hours, no staff
      ['2020-07-01', 'D1', 1, 2.5, 1],
      ['2020-07-01', 'D2', 1, 0.5, 1],
      ['2020-07-01', 'D3', 1, 1, 0],
      ['2020-11-01', 'D2', 1, 2, 1],
    ]);
  });

  it('gives monthly events, hours and engaged staff per channel', async () => {
    const engine = await fixture();
    const { rows } = arrowRows(ok(await engine.api().departmentSeries({ scope: Y2020, by: 'channel' })));
    expect(rows.map((r) => Object.values(r))).toEqual([
      ['2020-02-01', 'forum', 1, 5, 2], // V1: 2 + 3 hours, e1 and e4
      ['2020-03-01', 'committee', 1, 3.5, 2],
      ['2020-05-01', 'online', 1, 5, 1], // V3: 4 + 1 hours, e4 only
      ['2020-07-01', 'forum', 1, 4, 2], // V4: 2.5 + 1 + 0.5, e2 and e4
      ['2020-11-01', 'workshop', 1, 2, 1],
    ]);
    // Department filter: only D3's participations; V3 and V4 still counted as events.
    const d3 = arrowRows(ok(await engine.api().departmentSeries({ scope: { ...Y2020, departments: ['D3'] }, by: 'channel' }))).rows;
    expect(d3.map((r) => Object.values(r))).toEqual([
      ['2020-05-01', 'online', 1, 4, 0],
      ['2020-07-01', 'forum', 1, 1, 0],
    ]);
  });

  it('crosses departments with channels and with IAP2 levels', async () => {
    const engine = await fixture();
    const m = arrowRows(ok(await engine.api().departmentChannelMatrix({ scope: Y2020 }))).rows;
    expect(m.map((r) => Object.values(r))).toEqual([
      ['D1', 'committee', 1, 3.5],
      ['D1', 'forum', 2, 4.5], // V1 2 + V4 2.5
      ['D2', 'forum', 2, 3.5], // V1 3 + V4 0.5
      ['D2', 'online', 1, 1],
      ['D2', 'workshop', 1, 2],
      ['D3', 'forum', 1, 1],
      ['D3', 'online', 1, 4],
    ]);
    const d = arrowRows(ok(await engine.api().depthProfile({ scope: Y2020 }))).rows;
    expect(d.map((r) => Object.values(r))).toEqual([
      ['D1', 'consult', 2], // V1, V4
      ['D1', 'involve', 1], // V2
      ['D2', 'consult', 2], // V1, V4
      ['D2', 'collaborate', 1], // V5
      ['D2', null, 1], // V3 has no level
      ['D3', 'consult', 1],
      ['D3', null, 1],
    ]);
  });
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: string[] = [];
  const errs: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  err.on('data', (c: Buffer) => errs.push(c.toString('utf8')));
  const code = await main(args, out, err);
  return { code, out: chunks.join(''), err: errs.join('') };
}

describe('CLI departments', () => {
  it('prints the table as CSV with the SPEC header and full precision', async () => {
    const engine = await fixture();
    const file = engine.workspace.path;
    await engine.close();
    const r = await cli(['departments', '--workspace', file, '--from', '2020-01-01', '--to', '2020-12-31']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('department_id,name,bureau,headcount,engaged_share,hours_per_head,events,citizens_reached,cross_share');
    expect(lines[1]).toBe('D1,Innovation Planning,B1,2,1,4,3,165,0.6666666666666666');
    expect(lines[3]).toBe('D3,Welfare,B2,0,,,2,35,1');
    expect(lines).toHaveLength(5);

    const f = await cli(['departments', '--workspace', file, '--from', '2020-01-01', '--to', '2020-12-31', '--department', 'D2', '--department', 'D4', '--channel', 'forum']);
    expect(f.out).toBe('department_id,name,bureau,headcount,engaged_share,hours_per_head,events,citizens_reached,cross_share\nD2,Youth Policy,B1,2,0.5,1.75,2,125,1\nD4,Archives,B2,1,0,0,0,0,\n');

    const m = await cli(['departments', '--workspace', file, '--from', '2020-01-01', '--to', '2020-12-31', '--matrix']);
    expect(m.out).toBe('department_id,partner_id,events\nD1,D2,2\nD1,D3,1\nD2,D1,2\nD2,D3,2\nD3,D1,1\nD3,D2,2\n');

    const s = await cli(['departments', '--workspace', file, '--from', '2020-02-01', '--to', '2020-02-29', '--series', 'month', '--by', 'channel']);
    expect(s.out).toBe('month,channel,events,hours,engaged_staff\n2020-02-01,forum,1,5,2\n');

    const a = await cli(['departments', '--workspace', file, '--advisor']);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out)).toMatchObject({ treated_departments: ['D1'], control_departments: ['D2', 'D3', 'D4'] });
  });

  it('exits 1 on bad input naming the field, 2 on bad usage', async () => {
    const engine = await fixture();
    const file = engine.workspace.path;
    await engine.close();
    const unknown = await cli(['departments', '--workspace', file, '--department', 'D9']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/scope\.departments.*"D9".*\[VALIDATION\]/);
    const channel = await cli(['departments', '--workspace', file, '--channel', 'podcast']);
    expect(channel.code).toBe(1);
    expect(channel.err).toMatch(/scope\.channels/);
    const order = await cli(['departments', '--workspace', file, '--from', '2021-01-01', '--to', '2020-01-01']);
    expect(order.code).toBe(1);
    expect(order.err).toMatch(/scope\.from/);
    expect((await cli(['departments', '--workspace', file, '--series', 'week'])).code).toBe(2);
    expect((await cli(['departments', '--workspace', file, '--matrix', '--advisor'])).code).toBe(2);
    expect(unknown.out).toBe('');
  });
});
