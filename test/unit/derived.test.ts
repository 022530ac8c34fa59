/**
 * The derived tables (derived.ts) on a hand-built fixture, their refresh by
 * every write (import, undo), and the v2 and v3 migrations of a v1 workspace file.
 *
 * Fixture:
 *   employees  e1 D1, e2 D2, e3 D2
 *   events     A 2020-01-05 forum    groups [ngo, residents]   B 2020-02-01 online   groups [youth]
 *              C 2020-03-01 forum    groups []                  Z 2020-04-01 workshop (no participation)
 *   participations
 *     A: e1 (D1) 2 h, e2 (no department: employees says D2) 1 h, department-level D1 3 h
 *     B: e3 (D2) 1.5 h, x9 (not in employees, no department) 1 h
 *     C: orphan row for an event that does not exist → dropped
 *
 * A participations import refreshes them incrementally (only the events it
 * touched): the result must equal a full rebuild of the same data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { DERIVED_TABLES, refreshDerived } from '../../src-main/engine/derived';
import { Engine } from '../../src-main/engine/engine';
import { MIGRATIONS } from '../../src-main/engine/schema';
import { newEngine, seed, tempDir } from '../helpers/workspace';

const FIXTURE = [
  `INSERT INTO employees (employee_id, department_id) VALUES ('e1', 'D1'), ('e2', 'D2'), ('e3', 'D2')`,
  `INSERT INTO events (event_id, occurred_on, channel, program, citizens_reached, stakeholder_groups, outcome) VALUES
     ('A', DATE '2020-01-05', 'forum', 'P', 30, ['ngo', 'residents'], 'adopted'),
     ('B', DATE '2020-02-01', 'online', 'P', 10, ['youth'], 'none'),
     ('C', DATE '2020-03-01', 'forum', 'Q', 5, [], 'none'),
     ('Z', DATE '2020-04-01', 'workshop', NULL, 0, NULL, NULL)`,
  `INSERT INTO participations (event_id, employee_id, department_id, role, hours) VALUES
     ('A', 'e1', 'D1', 'host', 2), ('A', 'e2', NULL, 'participant', 1), ('A', NULL, 'D1', 'host', 3),
     ('B', 'e3', 'D2', 'host', 1.5), ('B', 'x9', NULL, 'participant', 1),
     ('missing', 'e1', 'D1', 'host', 9)`,
];

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

async function query(engine: Engine, sql: string): Promise<Record<string, unknown>[]> {
  return engine.workspace.use('read', async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]);
}

async function importFile(engine: Engine, csv: string, onConflict: 'upsert' | 'reject' = 'reject') {
  const started = await engine.api().importStart({ path: csv, onConflict });
  if (!started.ok) throw new Error(started.error.message);
  for (;;) {
    const status = await engine.api().importStatus({ jobId: started.value.jobId });
    if (!status.ok) throw new Error(status.error.message);
    if (status.value.state !== 'running') return status.value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The derived tables with their surrogate keys mapped back to the ids (every other column kept). */
const BY_ID: Record<string, string> = {
  d_staff: `SELECT ev.event_id, emp.employee_id, s.* EXCLUDE (event_key, employee_key)
            FROM d_staff s JOIN d_event_keys ev USING (event_key) LEFT JOIN d_employee_keys emp USING (employee_key)`,
  d_event_departments: `SELECT ev.event_id, d.* EXCLUDE (event_key) FROM d_event_departments d JOIN d_event_keys ev USING (event_key)`,
  d_employee_keys: 'SELECT * EXCLUDE (employee_key) FROM d_employee_keys',
  d_event_keys: 'SELECT * EXCLUDE (event_key) FROM d_event_keys',
  d_month_departments: 'SELECT * FROM d_month_departments',
  d_month_pairs: 'SELECT * FROM d_month_pairs',
  d_month_staff: 'SELECT * FROM d_month_staff',
  d_year_staff: 'SELECT y.year, k.employee_id FROM d_year_staff y JOIN d_employee_keys k USING (employee_key)',
};

describe('derived tables', () => {
  it('hold one row per participation and per (event, department), with the rules baked in', async () => {
    const engine = await newEngine();
    engines.push(engine);
    await seed(engine, ...FIXTURE);

    // d_staff: the orphan row is dropped (5 rows); e2 gets D2 from employees; x9 keeps no department.
    const staff = await query(
      engine,
      `SELECT k.employee_id, s.department_id, s.hours, strftime(s.occurred_on, '%Y-%m-%d') AS day, s.channel
       FROM d_staff s LEFT JOIN d_employee_keys k USING (employee_key) ORDER BY s.occurred_on, k.employee_id NULLS LAST`,
    );
    expect(staff).toEqual([
      { employee_id: 'e1', department_id: 'D1', hours: 2, day: '2020-01-05', channel: 'forum' },
      { employee_id: 'e2', department_id: 'D2', hours: 1, day: '2020-01-05', channel: 'forum' },
      { employee_id: null, department_id: 'D1', hours: 3, day: '2020-01-05', channel: 'forum' },
      { employee_id: 'e3', department_id: 'D2', hours: 1.5, day: '2020-02-01', channel: 'online' },
      { employee_id: 'x9', department_id: null, hours: 1, day: '2020-02-01', channel: 'online' },
    ]);

    // Groups sorted: ngo = bit 0 (1), residents = bit 1 (2), youth = bit 2 (4).
    // A: D1 = e1 2 h + department-level 3 h (1 staff row, 1 department row); D2 = e2 1 h.
    //    2 departments, 3 rows with a department, 2 named staff (e1, e2); its first department D1 is the event row.
    // B: D2 = e3 1.5 h; NULL department = x9 1 h. 1 department, 1 row with a department, 2 named staff.
    // C: no participation left (the orphan was for "missing"): one NULL row, like Z.
    const rows = await engine.workspace.use('read', async (c) =>
      (
        await c.runAndReadAll(
          `SELECT d.department_id, d.hours, d.staff_rows, d.department_rows, d.n_departments, d.n_rows, d.n_staff, d.event_row,
                  d.group_mask::INTEGER AS group_mask, strftime(d.month, '%Y-%m-%d') AS month, strftime(d.occurred_on, '%Y-%m-%d') AS day
           FROM d_event_departments d ORDER BY d.occurred_on, d.department_id NULLS LAST`,
        )
      ).getRowObjectsJS(),
    );
    expect(rows).toEqual([
      { department_id: 'D1', hours: 5, staff_rows: 1, department_rows: 1, n_departments: 2, n_rows: 3, n_staff: 2, event_row: true, group_mask: 3, month: '2020-01-01', day: '2020-01-05' },
      { department_id: 'D2', hours: 1, staff_rows: 1, department_rows: 0, n_departments: 2, n_rows: 3, n_staff: 2, event_row: false, group_mask: 3, month: '2020-01-01', day: '2020-01-05' },
      { department_id: 'D2', hours: 1.5, staff_rows: 1, department_rows: 0, n_departments: 1, n_rows: 1, n_staff: 2, event_row: true, group_mask: 4, month: '2020-02-01', day: '2020-02-01' },
      { department_id: null, hours: 1, staff_rows: 1, department_rows: 0, n_departments: 1, n_rows: 1, n_staff: 2, event_row: false, group_mask: 4, month: '2020-02-01', day: '2020-02-01' },
      { department_id: null, hours: 0, staff_rows: 0, department_rows: 0, n_departments: 0, n_rows: 0, n_staff: 0, event_row: true, group_mask: 0, month: '2020-03-01', day: '2020-03-01' },
      { department_id: null, hours: 0, staff_rows: 0, department_rows: 0, n_departments: 0, n_rows: 0, n_staff: 0, event_row: true, group_mask: 0, month: '2020-04-01', day: '2020-04-01' },
    ]);
    // The fact tables carry the columns a (department, year, channel) filter restricts by.
    for (const t of ['d_staff', 'd_event_departments']) {
      const cols = (await query(engine, `SELECT column_name FROM information_schema.columns WHERE table_name = '${t}'`)).map((r) => r.column_name);
      expect(cols, t).toEqual(expect.arrayContaining(['department_id', 'occurred_on', 'channel']));
    }
  });

  it('are rebuilt by an import and by its undo', async () => {
    const engine = await newEngine();
    engines.push(engine);
    const csv = path.join(tempDir(), 'logs.csv');
    fs.writeFileSync(
      csv,
      'event_id,occurred_on,channel,program,citizens_reached,employee_id,department_id,role,hours\n' +
        'E1,2021-05-01,forum,P,10,s1,D1,host,2\nE1,2021-05-01,forum,P,10,s2,D2,participant,1\n',
    );
    const started = await engine.api().importStart({ path: csv });
    if (!started.ok) throw new Error(started.error.message);
    let status;
    for (;;) {
      status = await engine.api().importStatus({ jobId: started.value.jobId });
      if (!status.ok) throw new Error(status.error.message);
      if (status.value.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status.value.state).toBe('done');
    // One event, two departments, 3 h: the derived tables follow the commit.
    expect(await query(engine, 'SELECT count(*)::INTEGER AS n, sum(hours)::DOUBLE AS h FROM d_staff')).toEqual([{ n: 2, h: 3 }]);
    expect(await query(engine, 'SELECT count(*)::INTEGER AS n, max(n_departments)::INTEGER AS d FROM d_event_departments')).toEqual([{ n: 2, d: 2 }]);
    const importId = status.value.report?.import_id;
    expect(importId).toBeTruthy();
    const undone = await engine.api().undoImport({ importId: importId! });
    expect(undone.ok).toBe(true);
    for (const t of DERIVED_TABLES) expect(await query(engine, `SELECT count(*)::INTEGER AS n FROM ${t}`), t).toEqual([{ n: 0 }]);
  });

  it('are refreshed incrementally by a participations import, to exactly what a full rebuild gives', async () => {
    const engine = await newEngine();
    engines.push(engine);
    await seed(engine, ...FIXTURE);
    const keysBefore = await query(engine, 'SELECT event_id, event_key FROM d_event_keys ORDER BY event_id');
    const csv = path.join(tempDir(), 'more.csv');
    fs.writeFileSync(
      csv,
      'event_id,occurred_on,channel,program,citizens_reached,stakeholder_groups,outcome,employee_id,department_id,role,hours\n' +
        // A: upsert moves it to June, online; its e1 participation is unchanged.
        'A,2020-06-01,online,P,30,ngo;residents,adopted,e1,D1,host,2\n' +
        // B: unchanged event, a new participation of e1 (department from employees: D1).
        'B,2020-02-01,online,P,10,youth,none,e1,,participant,1\n' +
        // N: a new event with a new employee a0 and a department-level row.
        'N,2020-03-15,workshop,Q,4,residents,none,a0,D3,host,1\n' +
        'N,2020-03-15,workshop,Q,4,residents,none,,D3,host,2\n' +
        // "missing" arrives: the orphan row stored before joins it.
        'missing,2020-05-01,forum,Q,1,,none,e3,D2,host,1\n',
    );
    const status = await importFile(engine, csv, 'upsert');
    expect(status.state).toBe('done');
    expect(status.report?.replaced).toEqual({ events: 1 });
    expect(status.report?.inserted).toEqual({ events: 3, participations: 4 });

    // Incremental, not rebuilt: existing keys kept, new ones appended (a full rebuild would number a0 first, in id order).
    expect(await query(engine, `SELECT event_id, event_key FROM d_event_keys WHERE event_id NOT IN ('N', 'missing') ORDER BY event_id`)).toEqual(keysBefore);
    expect(await query(engine, `SELECT event_id, event_key FROM d_event_keys WHERE event_id IN ('N', 'missing') ORDER BY event_key`)).toEqual([
      { event_id: 'N', event_key: 5 },
      { event_id: 'missing', event_key: 6 },
    ]);
    expect(await query(engine, `SELECT employee_key, department_id FROM d_employee_keys WHERE employee_id = 'a0'`)).toEqual([{ employee_key: 5, department_id: null }]);
    // A moved: its rows carry the new date and channel.
    expect(await query(engine, `SELECT DISTINCT strftime(occurred_on, '%Y-%m-%d') AS day, channel FROM (${BY_ID.d_staff}) WHERE event_id = 'A'`)).toEqual([
      { day: '2020-06-01', channel: 'online' },
    ]);

    await engine.workspace.use('write', async (c) => {
      for (const [t, sql] of Object.entries(BY_ID)) await c.run(`CREATE TABLE inc_${t} AS ${sql}`);
      await refreshDerived(c);
    });
    for (const [t, sql] of Object.entries(BY_ID)) {
      const n = (await query(engine, `SELECT count(*)::INTEGER AS n FROM ${t}`))[0]!.n as number;
      expect(n, t).toBeGreaterThan(0);
      expect(await query(engine, `SELECT count(*)::INTEGER AS n FROM inc_${t}`), t).toEqual([{ n }]);
      expect(await query(engine, `SELECT * FROM (SELECT * FROM inc_${t} EXCEPT ALL ${sql})`), `${t}: incremental rows not in the full rebuild`).toEqual([]);
      expect(await query(engine, `SELECT * FROM (${sql} EXCEPT ALL SELECT * FROM inc_${t})`), `${t}: full rebuild rows missing`).toEqual([]);
    }
    // 5 staff rows + e1 on B + a0 and the D3 row on N + the old orphan and e3 on "missing" = 10.
    expect(await query(engine, 'SELECT count(*)::INTEGER AS n FROM d_staff')).toEqual([{ n: 10 }]);
  });

  it('after a staff list import and its undo, recompute only the events whose departments come from moved employees', async () => {
    const engine = await newEngine();
    engines.push(engine);
    // Ten more events (no participation): the two the staff list touches are then under the share
    // past which the refresh rebuilds everything instead (30 %).
    await seed(engine, ...FIXTURE, `INSERT INTO events (event_id, occurred_on, channel) SELECT 'X' || range, DATE '2021-01-01' + range::INTEGER, 'forum' FROM range(10)`);
    const fullRebuild = async () => {
      const out: Record<string, Record<string, unknown>[]> = {};
      for (const [t, sql] of Object.entries(BY_ID)) out[t] = await query(engine, `SELECT * FROM (${sql}) ORDER BY ALL`);
      return out;
    };
    const original = await fullRebuild();
    // A sentinel key: an incremental refresh leaves it, a full rebuild would drop it.
    await engine.workspace.use('write', (c) => c.run(`INSERT INTO d_event_keys VALUES (999, 'sentinel')`));
    const csv = path.join(tempDir(), 'staff.csv');
    // e2 (whose row on A has no department) moves to D3; x9 (no department on B) joins D1;
    // e1 moves to D9 (its row on A names D1: no fact changes); e4 is new (no participation).
    fs.writeFileSync(csv, 'employee_id,department_id\ne1,D9\ne2,D3\ne3,D2\nx9,D1\ne4,D1\n');
    const status = await importFile(engine, csv, 'upsert');
    expect(status.report?.kind).toBe('employees');
    expect(await query(engine, `SELECT count(*)::INTEGER AS n FROM d_event_keys WHERE event_id = 'sentinel'`)).toEqual([{ n: 1 }]);
    // A now has D1, D3 (e2) and its department-level row; B has D2 and D1 (x9): both cross-department.
    expect(
      await query(engine, `SELECT event_id, list(department_id ORDER BY department_id) AS departments FROM (${BY_ID.d_event_departments}) WHERE event_id NOT LIKE 'X%' GROUP BY event_id ORDER BY event_id`),
    ).toEqual([
      { event_id: 'A', departments: ['D1', 'D3'] },
      { event_id: 'B', departments: ['D1', 'D2'] },
      { event_id: 'C', departments: [null] },
      { event_id: 'Z', departments: [null] },
    ]);
    expect(await query(engine, `SELECT employee_id, department_id FROM d_employee_keys ORDER BY employee_id`)).toEqual([
      { employee_id: 'e1', department_id: 'D9' },
      { employee_id: 'e2', department_id: 'D3' },
      { employee_id: 'e3', department_id: 'D2' },
      { employee_id: 'x9', department_id: 'D1' },
    ]);
    // Every derived table equals a full rebuild of the same data (the sentinel aside).
    await engine.workspace.use('write', (c) => c.run(`DELETE FROM d_event_keys WHERE event_id = 'sentinel'`));
    const incremental = await fullRebuild();
    await engine.workspace.use('write', (c) => refreshDerived(c));
    expect(incremental).toEqual(await fullRebuild());
    // Undo: back to the departments before the staff list, incrementally too.
    await engine.workspace.use('write', (c) => c.run(`INSERT INTO d_event_keys VALUES (999, 'sentinel')`));
    const undone = await engine.api().undoImport({ importId: status.report!.import_id! });
    expect(undone.ok).toBe(true);
    expect(await query(engine, `SELECT count(*)::INTEGER AS n FROM d_event_keys WHERE event_id = 'sentinel'`)).toEqual([{ n: 1 }]);
    await engine.workspace.use('write', (c) => c.run(`DELETE FROM d_event_keys WHERE event_id = 'sentinel'`));
    // The undo removes the rows the staff list wrote (x9 and e4 new, e1 and e2 replaced) and puts back
    // the seeded e1 and e2 it replaced: the departments are the fixture's again, and x9 has none.
    expect(await query(engine, `SELECT employee_id, department_id FROM d_employee_keys ORDER BY employee_id`)).toEqual([
      { employee_id: 'e1', department_id: 'D1' },
      { employee_id: 'e2', department_id: 'D2' },
      { employee_id: 'e3', department_id: 'D2' },
      { employee_id: 'x9', department_id: null },
    ]);
    const afterUndo = await fullRebuild();
    await engine.workspace.use('write', (c) => refreshDerived(c));
    expect(afterUndo).toEqual(await fullRebuild());
    expect(afterUndo).toEqual(original);
  });

  it('roll up by month and year: sums per (month, department, channel, program, spectrum), pairs, distinct staff', async () => {
    const engine = await newEngine();
    engines.push(engine);
    await seed(engine, ...FIXTURE);
    // A (2020-01, forum, P): D1 has 2 rows (e1, department-level) of the event's N = 3 → internal 1, external 2;
    //   D2 has 1 row → internal 0, external 2. D1 is A's first department (first_*).
    // B (2020-02, online, P): D2 alone with 1 row (x9 has no department and is left out).
    expect(
      await query(
        engine,
        `SELECT strftime(month, '%Y-%m') AS month, department_id, channel, program, events, hours, citizens_reached::INTEGER AS citizens_reached,
                cross_events, staff_rows::INTEGER AS staff_rows, department_rows::INTEGER AS department_rows,
                internal_ties::INTEGER AS internal_ties, external_ties::INTEGER AS external_ties,
                first_events, first_citizens::INTEGER AS first_citizens, first_cross
         FROM d_month_departments ORDER BY month, department_id`,
      ),
    ).toEqual([
      { month: '2020-01', department_id: 'D1', channel: 'forum', program: 'P', events: 1, hours: 5, citizens_reached: 30, cross_events: 1, staff_rows: 1, department_rows: 1, internal_ties: 1, external_ties: 2, first_events: 1, first_citizens: 30, first_cross: 1 },
      { month: '2020-01', department_id: 'D2', channel: 'forum', program: 'P', events: 1, hours: 1, citizens_reached: 30, cross_events: 1, staff_rows: 1, department_rows: 0, internal_ties: 0, external_ties: 2, first_events: 0, first_citizens: 0, first_cross: 0 },
      { month: '2020-02', department_id: 'D2', channel: 'online', program: 'P', events: 1, hours: 1.5, citizens_reached: 10, cross_events: 0, staff_rows: 1, department_rows: 0, internal_ties: 0, external_ties: 0, first_events: 1, first_citizens: 10, first_cross: 0 },
    ]);
    expect(await query(engine, `SELECT strftime(month, '%Y-%m') AS month, department_id, partner_id, events FROM d_month_pairs ORDER BY ALL`)).toEqual([
      { month: '2020-01', department_id: 'D1', partner_id: 'D2', events: 1 },
      { month: '2020-01', department_id: 'D2', partner_id: 'D1', events: 1 },
    ]);
    // Named staff with a department: January e1 (D1), e2 (D2), both forum; February e3 (D2, online).
    // Grain 1 per department, grain 2 per channel.
    expect(await query(engine, `SELECT strftime(month, '%Y-%m') AS month, grain::INTEGER AS grain, department_id, channel, engaged FROM d_month_staff ORDER BY ALL`)).toEqual([
      { month: '2020-01', grain: 1, department_id: 'D1', channel: null, engaged: 1 },
      { month: '2020-01', grain: 1, department_id: 'D2', channel: null, engaged: 1 },
      { month: '2020-01', grain: 2, department_id: null, channel: 'forum', engaged: 2 },
      { month: '2020-02', grain: 1, department_id: 'D2', channel: null, engaged: 1 },
      { month: '2020-02', grain: 2, department_id: null, channel: 'online', engaged: 1 },
    ]);
    // The year: e1, e2, e3 (x9 has no department).
    expect(await query(engine, `SELECT strftime(year, '%Y') AS year, list(employee_id ORDER BY employee_id) AS staff FROM (${BY_ID.d_year_staff}) GROUP BY year`)).toEqual([
      { year: '2020', staff: ['e1', 'e2', 'e3'] },
    ]);
  });

  it('are created and filled when a v1 workspace is opened (migrations v2 to v4)', async () => {
    const file = path.join(tempDir(), 'v1.duckdb');
    const instance = await DuckDBInstance.create(file);
    const conn = await instance.connect();
    await conn.run('CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)');
    for (const sql of MIGRATIONS[0]!.statements) await conn.run(sql);
    await conn.run('INSERT INTO schema_version VALUES (1, now()::TIMESTAMP)');
    for (const sql of FIXTURE) await conn.run(sql);
    conn.closeSync();
    instance.closeSync();

    const engine = await Engine.open(file);
    engines.push(engine);
    expect(engine.workspace.schemaVersion).toBe(4);
    expect(await query(engine, 'SELECT count(*)::INTEGER AS n FROM d_staff')).toEqual([{ n: 5 }]);
    expect(await query(engine, 'SELECT count(*)::INTEGER AS n FROM d_month_departments')).toEqual([{ n: 3 }]);
    expect(await query(engine, 'SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE event_row)::INTEGER AS events FROM d_event_departments')).toEqual([{ n: 6, events: 4 }]);
    // The engines answer from them: A and B have a participant from D2 (e2 through employees, e3).
    const table = await engine.api().departmentTotals({});
    expect(table.ok && table.value.events).toBe(2);
  });
});
