/**
 * The derived tables (derived.ts) on a hand-built fixture, their refresh by
 * every write (import, undo), and the v2 migration of a v1 workspace file.
 *
 * Fixture:
 *   employees  e1 D1, e2 D2, e3 D2
 *   events     A 2020-01-05 forum    groups [ngo, residents]   B 2020-02-01 online   groups [youth]
 *              C 2020-03-01 forum    groups []                  Z 2020-04-01 workshop (no participation)
 *   participations
 *     A: e1 (D1) 2 h, e2 (no department: employees says D2) 1 h, department-level D1 3 h
 *     B: e3 (D2) 1.5 h, x9 (not in employees, no department) 1 h
 *     C: orphan row for an event that does not exist → dropped
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { DERIVED_TABLES } from '../../src-main/engine/derived';
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

  it('are created and filled when a v1 workspace is opened (migration v2)', async () => {
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
    expect(engine.workspace.schemaVersion).toBe(2);
    expect(await query(engine, 'SELECT count(*)::INTEGER AS n FROM d_staff')).toEqual([{ n: 5 }]);
    expect(await query(engine, 'SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE event_row)::INTEGER AS events FROM d_event_departments')).toEqual([{ n: 6, events: 4 }]);
    // The engines answer from them: A and B have a participant from D2 (e2 through employees, e3).
    const table = await engine.api().departmentTotals({});
    expect(table.ok && table.value.events).toBe(2);
  });
});
