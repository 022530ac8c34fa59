import fs from 'node:fs';
import path from 'node:path';
import { pseudonym } from '../../src-main/engine/secrets';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine/engine';
import type { ImportReport } from '../../src-main/common/importApi';
import { arrowRows } from '../../src-main/cli/format';
import { closeAfterEach, newEngine, seed, tempDir } from '../helpers/workspace';

const track = closeAfterEach();

async function engine(): Promise<Engine> {
  const e = await newEngine();
  track(e);
  return e;
}

function file(name: string, content: string | Buffer): string {
  const p = path.join(tempDir('sotong-import-'), name);
  fs.writeFileSync(p, content);
  return p;
}

async function counts(e: Engine): Promise<Record<string, number>> {
  const info = await e.api().info({});
  if (!info.ok) throw new Error(info.error.message);
  return Object.fromEntries(info.value.tables.map((t) => [t.name, t.rows]));
}

async function rows(e: Engine, sql: string): Promise<Record<string, unknown>[]> {
  const r = await e.api().sql({ sql });
  if (!r.ok) throw new Error(r.error.message);
  return arrowRows(r.value).rows;
}

async function ok(e: Engine, req: Parameters<ReturnType<Engine['api']>['importRun']>[0]): Promise<ImportReport> {
  const r = await e.api().importRun(req);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Runs an import expected to fail; returns the error (and the report, when rejected for its rows). */
async function refused(e: Engine, req: Parameters<ReturnType<Engine['api']>['importRun']>[0]) {
  const r = await e.api().importRun(req);
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value)}`);
  return { ...r.error, report: (r.error.details as { report?: ImportReport } | undefined)?.report };
}

const HEADER = 'event_id,occurred_on,channel,program,citizens_reached,stakeholder_groups,outcome,employee_id,department_id,role,hours';

describe('import of participation logs (CSV)', () => {
  it('splits a flat log into events and participations, normalizing values and filling defaults', async () => {
    const e = await engine();
    await seed(e, "INSERT INTO employees VALUES ('P2', 'D9', '7급', DATE '2015-01-01', NULL, NULL)");
    const f = file(
      'log.csv',
      [
        '행사번호,일자,채널,사업명,참여인원,이해관계자,성과,사번,부서,역할,시간',
        'E1,2019.03.05,포럼,Cheong-Chek,120,residents;NGO,채택,P1,D1,주최,2',
        'E1,2019-03-05,Forum ,Cheong-Chek,120,ngo; residents,adopted,P2,,참석,1.5',
        'E2,20190410,온라인,Democracy Seoul,,,,P1,D1,,',
        'E3,2019년 4월 11일,zoom,Hackathon,15,experts;aliens,recorded,P2,,presenter,3',
      ].join('\n'),
    );
    const before = await counts(e);
    const report = await ok(e, { path: f });
    expect(report.status).toBe('committed');
    expect(report.kind).toBe('participations'); // detected from the columns
    expect(report.rows_read).toBe(4);
    expect(report.rows_accepted).toBe(4);
    expect(report.rows_rejected).toBe(0);
    expect(report.inserted).toEqual({ events: 3, participations: 4 });
    // zoom → other (1 channel value); aliens → other (1 group item).
    expect(report.mapped_to_other).toEqual({ channel: 1, stakeholder_groups: 1 });
    // Row 3: department from the staff list (P2 → D9); row 4: role, hours, citizens_reached defaulted;
    // row 5: department from the staff list. 3 rows with a default.
    expect(report.defaulted).toEqual({ department_id: 2, role: 1, hours: 1, citizens_reached: 1 });
    expect(report.rows_defaulted).toBe(3);
    expect(report.warnings.join('\n')).toMatch(/channel: 1 unknown value.*"zoom"/);
    expect(report.warnings.join('\n')).toMatch(/1 employee\(s\) are not in the employees table yet \(e\.g\. P1\)/);
    const ev = await rows(e, 'SELECT event_id, occurred_on, channel, program, citizens_reached, stakeholder_groups::VARCHAR AS g, outcome FROM events ORDER BY event_id');
    expect(ev).toEqual([
      { event_id: 'E1', occurred_on: '2019-03-05', channel: 'forum', program: 'Cheong-Chek', citizens_reached: 120, g: '[ngo, residents]', outcome: 'adopted' },
      { event_id: 'E2', occurred_on: '2019-04-10', channel: 'online', program: 'Democracy Seoul', citizens_reached: 0, g: null, outcome: null },
      { event_id: 'E3', occurred_on: '2019-04-11', channel: 'other', program: 'Hackathon', citizens_reached: 15, g: '[experts, other]', outcome: 'recorded' },
    ]);
    const parts = await rows(e, 'SELECT event_id, employee_id, department_id, role, hours FROM participations ORDER BY event_id, employee_id');
    expect(parts).toEqual([
      { event_id: 'E1', employee_id: 'P1', department_id: 'D1', role: 'host', hours: 2 },
      { event_id: 'E1', employee_id: 'P2', department_id: 'D9', role: 'participant', hours: 1.5 },
      { event_id: 'E2', employee_id: 'P1', department_id: 'D1', role: 'participant', hours: 0 },
      { event_id: 'E3', employee_id: 'P2', department_id: 'D9', role: 'presenter', hours: 3 },
    ]);
    const ids = await rows(e, 'SELECT DISTINCT import_id FROM participations UNION SELECT DISTINCT import_id FROM events');
    expect(ids).toEqual([{ import_id: report.import_id }]);
    const imp = await rows(e, 'SELECT import_id, source_name, sha256, format, kind, rows_read, rows_accepted, rows_rejected, report->>\'status\' AS status FROM imports');
    expect(imp).toEqual([{ import_id: report.import_id, source_name: 'log.csv', sha256: report.sha256, format: 'csv', kind: 'participations', rows_read: 4, rows_accepted: 4, rows_rejected: 0, status: 'committed' }]);
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
    const after = await counts(e);
    expect(after.events! - before.events!).toBe(3);
  });

  it('accepts department-level logs without employee_id', async () => {
    const e = await engine();
    const f = file('dept.csv', 'event_id,date,channel,department,hours\nE1,2020-01-02,committee,D1,3\nE1,2020-01-02,위원회,D2,2\n');
    const report = await ok(e, { path: f });
    expect(report.inserted).toEqual({ events: 1, participations: 2 });
    expect(await rows(e, 'SELECT employee_id, department_id, hours FROM participations ORDER BY department_id')).toEqual([
      { employee_id: null, department_id: 'D1', hours: 3 },
      { employee_id: null, department_id: 'D2', hours: 2 },
    ]);
  });

  it('rejects a file with negative hours and leaves every table unchanged', async () => {
    const e = await engine();
    const f = file('neg.csv', `${HEADER}\nE1,2019-03-05,forum,A,10,,,P1,D1,host,2\nE2,2019-03-06,forum,A,10,,,P1,D1,host,-1\n`);
    const before = await counts(e);
    const err = await refused(e, { path: f });
    expect(err.code).toBe('IMPORT_REJECTED');
    expect(err.message).toMatch(/row 3, hours: hours must be between 0 and 24/);
    expect(err.report!.problems).toEqual([{ row: 3, column: 'hours', value: '-1', reason: 'hours must be between 0 and 24' }]);
    expect(err.report!.rows_read).toBe(2);
    expect(err.report!.rows_rejected).toBe(1);
    expect(err.report!.status).toBe('rejected');
    expect(await counts(e)).toEqual(before);
  });

  it('in skip mode commits only the good rows and reports the others', async () => {
    const e = await engine();
    const f = file(
      'skip.csv',
      `${HEADER}\nE1,2019-03-05,forum,A,10,,,P1,D1,host,2\nE2,1985-01-01,forum,A,10,,,P1,D1,host,1\nE3,2019-03-07,forum,A,-3,,,P1,D1,host,1\nE4,2019-03-08,forum,A,2.5,,,P1,D1,host,1\nE5,03/05/2019,forum,A,1,,,P1,D1,host,1\n`,
    );
    const before = await counts(e);
    const report = await ok(e, { path: f, onError: 'skip' });
    expect(report.rows_read).toBe(5);
    expect(report.rows_accepted).toBe(1);
    expect(report.rows_rejected).toBe(4);
    expect(report.problems.map((p) => [p.row, p.column, p.value, p.reason.split(' (')[0]])).toEqual([
      [3, 'occurred_on', '1985-01-01', expect.stringMatching(/^date outside 1990-01-01\.\./)],
      [4, 'citizens_reached', '-3', 'must not be negative'],
      [5, 'citizens_reached', '2.5', 'must be a whole number'],
      [6, 'occurred_on', '03/05/2019', 'not a date'],
    ]);
    const after = await counts(e);
    expect(after.events! - before.events!).toBe(1);
    expect(after.participations! - before.participations!).toBe(1);
    expect(await rows(e, 'SELECT event_id FROM events')).toEqual([{ event_id: 'E1' }]);
  });

  it('accepts mixed date formats in one file', async () => {
    const e = await engine();
    const dates = ['2019-03-05', '2019.03.06', '2019/03/07', '20190308', '2019년 3월 9일', '2019. 3. 10.', '2019-03-11 14:30'];
    const f = file('dates.csv', ['event_id,occurred_on,channel,employee_id', ...dates.map((d, i) => `E${i},${d},forum,P1`)].join('\n'));
    const report = await ok(e, { path: f });
    expect(report.rows_accepted).toBe(7);
    const got = await rows(e, 'SELECT occurred_on FROM events ORDER BY occurred_on');
    expect(got.map((r) => r.occurred_on)).toEqual(['2019-03-05', '2019-03-06', '2019-03-07', '2019-03-08', '2019-03-09', '2019-03-10', '2019-03-11']);
  });

  it('reports a duplicate (event_id, employee_id) with both rows', async () => {
    const e = await engine();
    const f = file('dup.csv', `${HEADER}\nE1,2019-03-05,forum,A,10,,,P1,D1,host,2\nE1,2019-03-05,forum,A,10,,,P2,D1,host,2\nE1,2019-03-05,forum,A,10,,,P1,D1,participant,1\n`);
    const before = await counts(e);
    const err = await refused(e, { path: f });
    expect(err.report!.problems).toEqual([{ row: 4, column: 'employee_id', value: 'E1, P1', reason: 'duplicate key (event_id, employee_id): same as row 2' }]);
    expect(await counts(e)).toEqual(before);
  });

  it('reports an event whose date differs between two rows, naming both rows', async () => {
    const e = await engine();
    const f = file('incons.csv', `${HEADER}\nE1,2019-03-05,forum,A,10,,,P1,D1,host,2\nE1,2019-03-06,forum,A,10,,,P2,D1,host,2\nE2,2019-03-06,forum,A,10,,,P2,D1,host,2\n`);
    const before = await counts(e);
    const err = await refused(e, { path: f });
    expect(err.report!.problems).toEqual([{ row: 3, column: 'occurred_on', value: '2019-03-06', reason: 'event E1: occurred_on differs from row 2 (2019-03-05)' }]);
    expect(await counts(e)).toEqual(before);
    // Skip mode keeps the first row of E1 and E2.
    const report = await ok(e, { path: f, onError: 'skip' });
    expect(report.inserted).toEqual({ events: 2, participations: 2 });
    expect(await rows(e, "SELECT occurred_on FROM events WHERE event_id = 'E1'")).toEqual([{ occurred_on: '2019-03-05' }]);
  });

  it('refuses an empty file, a header-only file and binary garbage, leaving the workspace unchanged', async () => {
    const e = await engine();
    const before = await counts(e);
    const empty = await refused(e, { path: file('empty.csv', '') });
    expect(empty.code).toBe('VALIDATION');
    expect(empty.message).toMatch(/empty \(0 bytes\)/);
    const header = await refused(e, { path: file('header.csv', `${HEADER}\n`) });
    expect(header.code).toBe('IMPORT_REJECTED');
    expect(header.report!.problems[0]!.reason).toBe('the file has a header but no data rows');
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    const bin = await refused(e, { path: file('garbage.csv', garbage) });
    expect(bin.code).toBe('VALIDATION');
    expect(bin.message).toMatch(/not a text file/);
    expect(await counts(e)).toEqual(before);
  });

  it('reports a truncated last line with its row number, and skips it in skip mode', async () => {
    const e = await engine();
    const content = `${HEADER}\nE1,2019-03-05,forum,A,10,,,P1,D1,host,2\nE2,2019-03-06,forum,A,10,,,P2,D1,host,2\nE3,2019-03-07,for`;
    const f = file('trunc.csv', content);
    const before = await counts(e);
    const err = await refused(e, { path: f });
    expect(err.report!.problems).toEqual([{ row: 4, column: 'program', value: 'E3,2019-03-07,for', reason: 'too few fields: expected 11, found 3 (a truncated line?)' }]);
    expect(await counts(e)).toEqual(before);
    const unterminated = await refused(e, { path: file('quote.csv', `${HEADER}\nE1,2019-03-05,forum,"A,10,,,P1,D1,host,2\n`) });
    expect(unterminated.report!.problems[0]).toMatchObject({ row: 2, reason: expect.stringMatching(/quoted value is not closed/) });
    const report = await ok(e, { path: f, onError: 'skip' });
    expect(report.rows_read).toBe(3);
    expect(report.rows_accepted).toBe(2);
    expect(report.inserted).toEqual({ events: 2, participations: 2 });
  });

  it('keeps a quoted field spanning lines, and counts rows after it as records', async () => {
    const e = await engine();
    const f = file('multi.csv', `${HEADER}\nE1,2019-03-05,forum,"Line one\nline two, with comma",10,,,P1,D1,host,2\nE2,2019-03-06,forum,B,10,,,P1,D1,host,99\n`);
    const err = await refused(e, { path: f });
    // The bad row is the third record (header = row 1), although it starts on line 4.
    expect(err.report!.problems).toEqual([{ row: 3, column: 'hours', value: '99', reason: 'hours must be between 0 and 24' }]);
    await ok(e, { path: f, onError: 'skip' });
    expect(await rows(e, 'SELECT program FROM events')).toEqual([{ program: 'Line one\nline two, with comma' }]);
  });

  it('keeps row numbers right after a broken record in skip mode', async () => {
    const e = await engine();
    const f = file('broken.csv', `${HEADER}\nE1,2019-03-05,forum,A,10,,,P1,D1,host,2\nE2,x\nE3,2019-03-07,forum,A,10,,,P1,D1,host,30\nE4,2019-03-08,forum,A,10,,,P1,D1,host,2\n`);
    const report = await ok(e, { path: f, onError: 'skip' });
    expect(report.problems.map((p) => p.row)).toEqual([3, 4]);
    expect(report.rows_read).toBe(4);
    expect(report.rows_accepted).toBe(2);
  });

  it('adds nothing when the same file is imported again, and says so', async () => {
    const e = await engine();
    const f = file('once.csv', `${HEADER}\nE1,2019-03-05,forum,A,10,,,P1,D1,host,2\n`);
    const first = await ok(e, { path: f });
    const before = await counts(e);
    const copy = file('renamed.csv', fs.readFileSync(f));
    const again = await ok(e, { path: copy });
    expect(again.status).toBe('duplicate');
    expect(again.duplicate_of).toBe(first.import_id);
    expect(again.import_id).toBeNull();
    expect(again.warnings[0]).toMatch(/already imported as imp-/);
    expect(await counts(e)).toEqual(before);
  });

  it('overlapping keys from another file: reject by default, upsert on request, identical rows are no conflict', async () => {
    const e = await engine();
    await ok(e, { path: file('a.csv', `${HEADER}\nE1,2019-03-05,forum,A,10,,,P1,D1,host,2\nE2,2019-03-06,forum,A,10,,,P1,D1,host,2\n`) });
    // Same E1 (identical event, new participant P2): no conflict. E2 with another date: conflict.
    const b = file('b.csv', `${HEADER}\nE1,2019-03-05,forum,A,10,,,P2,D2,host,1\nE2,2019-04-01,forum,A,10,,,P1,D1,host,2\n`);
    const before = await counts(e);
    const err = await refused(e, { path: b });
    // (E2, P1) itself is identical to the stored participation: only the event conflicts.
    expect(err.report!.problems.map((p) => [p.row, p.column])).toEqual([[3, 'event_id']]);
    expect(err.report!.problems[0]!.reason).toMatch(/event E2 is already in the workspace with other values \(import imp-.*\); choose upsert/);
    expect(await counts(e)).toEqual(before);
    const up = await ok(e, { path: b, onConflict: 'upsert' });
    // E1 is identical (kept), E2 replaced; (E1, P2) new; (E2, P1) identical (kept).
    expect(up.inserted).toEqual({ events: 1, participations: 1 });
    expect(up.replaced).toEqual({ events: 1 });
    expect(await rows(e, 'SELECT event_id, occurred_on FROM events ORDER BY event_id')).toEqual([
      { event_id: 'E1', occurred_on: '2019-03-05' },
      { event_id: 'E2', occurred_on: '2019-04-01' },
    ]);
    expect(await rows(e, 'SELECT event_id, employee_id FROM participations ORDER BY ALL')).toEqual([
      { event_id: 'E1', employee_id: 'P1' },
      { event_id: 'E1', employee_id: 'P2' },
      { event_id: 'E2', employee_id: 'P1' },
    ]);
  });

  it('undoes an import as a whole, keeping an event another import still uses', async () => {
    const e = await engine();
    const before = await counts(e);
    const a = await ok(e, { path: file('a.csv', `${HEADER}\nE1,2019-03-05,forum,A,10,,,P1,D1,host,2\nE2,2019-03-06,forum,A,10,,,P1,D1,host,2\n`) });
    const b = await ok(e, { path: file('b.csv', `${HEADER}\nE1,2019-03-05,forum,A,10,,,P2,D2,host,1\n`) });
    const undo = await e.api().undoImport({ importId: a.import_id! });
    expect(undo.ok && undo.value).toEqual({
      import_id: a.import_id,
      removed: { participations: 2, events: 1, employees: 0, departments: 0, evaluations: 0, administrations: 0, imports: 1 },
      restored: {},
      events_kept: 1,
    });
    expect(await rows(e, 'SELECT event_id, import_id FROM events')).toEqual([{ event_id: 'E1', import_id: b.import_id }]);
    const undoB = await e.api().undoImport({ importId: b.import_id! });
    expect(undoB.ok).toBe(true);
    expect(await counts(e)).toEqual(before);
    const missing = await e.api().undoImport({ importId: 'imp-nope' });
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
    const list = await e.api().listImports({});
    expect(list.ok && arrowRows(list.value).rows).toEqual([]);
  });

  it('undoing an upsert puts back the rows it replaced, along a chain of upserts, and never rows of an undone import', async () => {
    const e = await engine();
    const state = () => rows(e, 'SELECT e.event_id, e.channel, e.import_id AS ev_import, p.employee_id, p.hours, p.import_id AS p_import FROM events e LEFT JOIN participations p USING (event_id) ORDER BY ALL');
    const a = await ok(e, { path: file('a.csv', `${HEADER}\nE1,2019-03-05,forum,A,10,,,P1,D1,host,2\nE2,2019-03-06,forum,A,10,,,P1,D1,host,2\n`) });
    const afterA = await state();
    // B changes E1 (channel) and P1's hours on it; C changes them again.
    const b = await ok(e, { path: file('b.csv', `${HEADER}\nE1,2019-03-05,online,A,10,,,P1,D1,host,5\n`), onConflict: 'upsert' });
    expect(b.replaced).toEqual({ events: 1, participations: 1 });
    const afterB = await state();
    const c = await ok(e, { path: file('c.csv', `${HEADER}\nE1,2019-03-05,workshop,A,10,,,P1,D1,host,7\n`), onConflict: 'upsert' });
    const afterC = await state();
    // Undo B while C holds E1: nothing changes in the tables; A's rows now wait on C.
    const undoB = await e.api().undoImport({ importId: b.import_id! });
    expect(undoB.ok && undoB.value.restored).toEqual({});
    expect(await state()).toEqual(afterC);
    // Undo C: A's E1 and its participation come back as they were.
    const undoC = await e.api().undoImport({ importId: c.import_id! });
    expect(undoC.ok && undoC.value).toMatchObject({ removed: { events: 1, participations: 1 }, restored: { events: 1, participations: 1 } });
    expect(await state()).toEqual(afterA);
    expect(afterB).not.toEqual(afterA);
    // Upsert again, then undo A first: A's replaced rows must not come back with B's undo.
    const b2 = await ok(e, { path: file('b2.csv', `${HEADER}\nE1,2019-03-05,online,A,10,,,P1,D1,host,5\nE3,2019-03-07,forum,A,1,,,P9,D1,host,1\n`), onConflict: 'upsert' });
    await e.api().undoImport({ importId: a.import_id! });
    expect(await state()).toEqual([
      { event_id: 'E1', channel: 'online', ev_import: b2.import_id, employee_id: 'P1', hours: 5, p_import: b2.import_id },
      { event_id: 'E3', channel: 'forum', ev_import: b2.import_id, employee_id: 'P9', hours: 1, p_import: b2.import_id },
    ]);
    const undoB2 = await e.api().undoImport({ importId: b2.import_id! });
    expect(undoB2.ok && undoB2.value.restored).toEqual({});
    expect(await state()).toEqual([]);
    for (const t of ['events', 'participations']) expect(await rows(e, `SELECT count(*)::INTEGER AS n FROM replaced_${t}`)).toEqual([{ n: 0 }]);
    // The derived tables follow: no event left.
    const totals = await e.api().departmentTotals({});
    expect(totals.ok && totals.value.events).toBe(0);
  });

  it('undoing an upsert of a staff list restores the employees it replaced, and their departments in the metrics', async () => {
    const e = await engine();
    // The log first, naming no department: P1's row takes the staff list's department when it comes (stored NULL).
    await ok(e, { path: file('log.csv', `${HEADER}\nE1,2019-03-05,forum,A,10,,,P1,,host,2\n`) });
    await ok(e, { path: file('staff.csv', 'employee_id,department_id,grade\nP1,D1,7급\nP2,D1,7급\n') });
    const table = async () => {
      const r = await e.api().departmentTable({});
      if (!r.ok) throw new Error(r.error.message);
      return arrowRows(r.value).rows.map((x) => [x.department_id, x.events]);
    };
    expect(await table()).toEqual([['D1', 1]]);
    // P1 moves to D2: the event's department follows (the log row names none).
    const moved = await ok(e, { path: file('staff2.csv', 'employee_id,department_id,grade\nP1,D2,6급\n'), onConflict: 'upsert' });
    expect(moved.replaced).toEqual({ employees: 1 });
    expect(await table()).toEqual([['D1', 0], ['D2', 1]]);
    const undo = await e.api().undoImport({ importId: moved.import_id! });
    expect(undo.ok && undo.value).toMatchObject({ removed: { employees: 1 }, restored: { employees: 1 } });
    expect(await rows(e, 'SELECT employee_id, department_id, grade FROM employees ORDER BY 1')).toEqual([
      { employee_id: 'P1', department_id: 'D1', grade: '7급' },
      { employee_id: 'P2', department_id: 'D1', grade: '7급' },
    ]);
    expect(await table()).toEqual([['D1', 1]]);
  });

  it('maps columns as the user says, and refuses a file with no column for a required field', async () => {
    const e = await engine();
    const f = file('odd.csv', 'id,when,what,who\nE1,2019-03-05,forum,P1\n');
    const err = await refused(e, { path: f, kind: 'participations' });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toMatch(/no column maps to event_id, occurred_on, employee_id or department_id/);
    const preview = await e.api().importPreview({ path: f, kind: 'participations' });
    expect(preview.ok && preview.value.missingRequired).toEqual(['event_id', 'occurred_on', 'employee_id or department_id']);
    const bad = await refused(e, { path: f, mapping: { id: 'no_such_field' }, kind: 'participations' });
    expect(bad.message).toMatch(/"no_such_field" is not a field of participations/);
    const report = await ok(e, { path: f, kind: 'participations', mapping: { id: 'event_id', when: 'occurred_on', what: 'channel', who: 'employee_id' } });
    expect(report.inserted).toEqual({ events: 1, participations: 1 });
  });

  it('previews the mapping and the first rows without writing anything', async () => {
    const e = await engine();
    const f = file('prev.csv', `직원번호;부서;일자;채널;행사번호;비고\n${Array.from({ length: 30 }, (_, i) => `P${i};D1;2019-01-0${(i % 9) + 1};포럼;E${i};x`).join('\n')}\n`);
    const before = await counts(e);
    const r = await e.api().importPreview({ path: f });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';', kind: 'participations', unmapped: ['비고'], missingRequired: [] });
    expect(r.value.mapping).toEqual([
      { source: '직원번호', field: 'employee_id' },
      { source: '부서', field: 'department_id' },
      { source: '일자', field: 'occurred_on' },
      { source: '채널', field: 'channel' },
      { source: '행사번호', field: 'event_id' },
      { source: '비고', field: null },
    ]);
    expect(r.value.rows).toHaveLength(20);
    expect(r.value.rows[0]).toEqual(['P0', 'D1', '2019-01-01', '포럼', 'E0', 'x']);
    expect(await counts(e)).toEqual(before);
  });

  it('pseudonymizes employee ids with a per-workspace keyed hash, the same across imports', async () => {
    const e = await engine();
    await ok(e, { path: file('p.csv', 'event_id,occurred_on,channel,employee_id\nE1,2019-03-05,forum,P1\n'), pseudonymize: true });
    await ok(e, { path: file('q.csv', 'event_id,occurred_on,channel,employee_id\nE2,2019-03-06,forum,P1\n'), pseudonymize: true });
    const ids = await rows(e, 'SELECT DISTINCT employee_id FROM participations');
    expect(ids).toHaveLength(1);
    // HMAC-SHA-256 with the workspace's secret, which lives outside the DuckDB file.
    expect(ids[0]!.employee_id).toBe(pseudonym(e.workspace.pseudonymSecret(), 'P1'));
  });
});

describe('import of reference data', () => {
  it('detects and imports employees, departments, evaluations and administrations', async () => {
    const e = await engine();
    const dep = await ok(e, { path: file('dep.csv', '부서코드,부서명,영문명,실국,자문관배치일\nD1,혁신기획과,Innovation Planning,서울혁신기획관,2015-03-01\nD2,청년정책과,Youth Policy,청년청,\n') });
    expect(dep.kind).toBe('departments');
    const emp = await ok(e, { path: file('emp.csv', '사번,부서,직급,입사일,퇴직일\nP1,혁신기획과,7급,2012-03-02,\nP2,D2,6급,2010-01-04,2020-12-31\n') });
    expect(emp.kind).toBe('employees');
    expect(emp.warnings.join(' ')).toMatch(/1 department name\(s\) were resolved/);
    const ev = await ok(e, { path: file('ev.csv', 'employee_id,period,평가점수\nP1,2019,81.5\nP1,2019 상반기,80\nP2,2019-H2,77\n') });
    expect(ev.kind).toBe('evaluations');
    const adm = await ok(e, { path: file('adm.csv', 'administration_id,name,head,starts_on,ends_on,agenda\nec-2019,von der Leyen Commission,Ursula von der Leyen,2019-12-01,,Green Deal\n') });
    expect(adm.kind).toBe('administrations');
    expect(await rows(e, 'SELECT department_id, name, name_en, bureau, advisor_since FROM departments ORDER BY 1')).toEqual([
      { department_id: 'D1', name: '혁신기획과', name_en: 'Innovation Planning', bureau: '서울혁신기획관', advisor_since: '2015-03-01' },
      { department_id: 'D2', name: '청년정책과', name_en: 'Youth Policy', bureau: '청년청', advisor_since: null },
    ]);
    expect(await rows(e, 'SELECT employee_id, department_id, grade, hired_on, left_on FROM employees ORDER BY 1')).toEqual([
      { employee_id: 'P1', department_id: 'D1', grade: '7급', hired_on: '2012-03-02', left_on: null },
      { employee_id: 'P2', department_id: 'D2', grade: '6급', hired_on: '2010-01-04', left_on: '2020-12-31' },
    ]);
    expect(await rows(e, 'SELECT employee_id, period, performance_score FROM evaluations ORDER BY 1, 2')).toEqual([
      { employee_id: 'P1', period: '2019', performance_score: 81.5 },
      { employee_id: 'P1', period: '2019H1', performance_score: 80 },
      { employee_id: 'P2', period: '2019H2', performance_score: 77 },
    ]);
    expect(await rows(e, "SELECT count(*)::INT AS n FROM administrations WHERE administration_id = 'ec-2019'")).toEqual([{ n: 1 }]);
    // Re-exported staff list with one change: identical rows are no conflict, the changed one is.
    const again = await refused(e, { path: file('emp2.csv', '사번,부서,직급,입사일,퇴직일\nP1,D1,7급,2012-03-02,\nP2,D2,5급,2010-01-04,2020-12-31\n') });
    expect(again.report!.problems).toEqual([{ row: 3, column: '사번', value: 'P2', reason: expect.stringMatching(/^employee P2 is already in the workspace with other values/) }]);
    const evBad = await refused(e, { path: file('ev2.csv', 'employee_id,period,performance_score\nP3,2019,101\nP4,2019Q1,50\n') });
    expect(evBad.report!.problems.map((p) => [p.row, p.reason])).toEqual([
      [2, 'performance_score must be between 0 and 100'],
      [3, 'not a period (2019, 2019H1 or 2019H2)'],
    ]);
  });
});

describe('import jobs', () => {
  it('reports progress and a final report through status', async () => {
    const e = await engine();
    const lines = [HEADER, ...Array.from({ length: 20_000 }, (_, i) => `E${i},2019-03-05,forum,A,10,,,P${i % 50},D1,host,2`)];
    const f = file('big.csv', lines.join('\n'));
    const start = await e.api().importStart({ path: f });
    if (!start.ok) throw new Error(start.error.message);
    let status;
    for (;;) {
      const s = await e.api().importStatus({ jobId: start.value.jobId });
      if (!s.ok) throw new Error(s.error.message);
      status = s.value;
      if (status.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(status.state).toBe('done');
    expect(status.totalBytes).toBe(fs.statSync(f).size);
    expect(status.rowsRead).toBe(20_000);
    expect(status.report?.inserted).toEqual({ events: 20_000, participations: 20_000 });
    // Done at the commit; the derived tables the screens read follow.
    expect(status.summaries?.state).toMatch(/^(updating|ready)$/);
    while (status.summaries?.state === 'updating') {
      expect(status.summaries.percent).toBeGreaterThanOrEqual(0);
      expect(status.summaries.percent).toBeLessThanOrEqual(100);
      await new Promise((r) => setTimeout(r, 20));
      const s = await e.api().importStatus({ jobId: start.value.jobId });
      if (!s.ok) throw new Error(s.error.message);
      status = s.value;
    }
    expect(status.summaries).toMatchObject({ state: 'ready', percent: 100 });
    const unknown = await e.api().importStatus({ jobId: 'job-x' });
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
  });

  it('a cancelled import leaves every table unchanged', async () => {
    const e = await engine();
    await ok(e, { path: file('seed.csv', `${HEADER}\nS1,2019-03-05,forum,A,10,,,P1,D1,host,2\n`) });
    const before = await counts(e);
    const lines = [HEADER, ...Array.from({ length: 300_000 }, (_, i) => `E${i},2019-03-05,forum,Program ${i % 7},10,residents;ngo,adopted,P${i % 500},D${i % 20},host,2`)];
    const f = file('cancel.csv', lines.join('\n'));
    for (const waitFor of ['staging', 'validating'] as const) {
      const start = await e.api().importStart({ path: f, pseudonymize: waitFor === 'validating' });
      if (!start.ok) throw new Error(start.error.message);
      const jobId = start.value.jobId;
      for (;;) {
        const s = await e.api().importStatus({ jobId });
        if (!s.ok) throw new Error(s.error.message);
        if (s.value.phase === waitFor || s.value.state !== 'running') break;
        await new Promise((r) => setTimeout(r, 2));
      }
      const c = await e.api().importCancel({ jobId });
      expect(c.ok && c.value.cancelled).toBe(true);
      let final;
      do {
        await new Promise((r) => setTimeout(r, 20));
        const s = await e.api().importStatus({ jobId });
        final = s.ok ? s.value : undefined;
      } while (final?.state === 'running');
      expect(final?.state).toBe('cancelled');
      expect(final?.error?.code).toBe('CANCELLED');
      expect(await counts(e)).toEqual(before);
    }
  });
});
