/**
 * The single-pass import (validate.ts, commit.ts): values first seen after
 * the sample the vocabulary is seeded from, the source's own text in problem
 * reports (imp_norm keeps typed values only), row numbers of problems that
 * name a second row, and stored rows kept when a skipped row conflicts.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine/engine';
import type { ImportReport } from '../../src-main/common/importApi';
import { arrowRows } from '../../src-main/cli/format';
import { closeAfterEach, newEngine, tempDir } from '../helpers/workspace';

const track = closeAfterEach();

async function engine(): Promise<Engine> {
  return track(await newEngine());
}

function file(name: string, content: string): string {
  const p = path.join(tempDir('sotong-import-validate-'), name);
  fs.writeFileSync(p, content);
  return p;
}

async function rows(e: Engine, sql: string): Promise<Record<string, unknown>[]> {
  const r = await e.api().sql({ sql });
  if (!r.ok) throw new Error(r.error.message);
  return arrowRows(r.value).rows;
}

type Req = Parameters<ReturnType<Engine['api']>['importRun']>[0];

async function ok(e: Engine, req: Req): Promise<ImportReport> {
  const r = await e.api().importRun(req);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function refused(e: Engine, req: Req): Promise<ImportReport> {
  const r = await e.api().importRun(req);
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value)}`);
  return (r.error.details as { report: ImportReport }).report;
}

const HEADER = 'event_id,occurred_on,channel,program,citizens_reached,stakeholder_groups,outcome,employee_id,department_id,role,hours';

describe('import validation in one pass', () => {
  it('maps vocabulary values first seen after the sample rows, and counts the unknown ones', async () => {
    const e = await engine();
    // 25,000 rows: the vocabulary is seeded from the first 20,000, which only say "forum", "residents", "host".
    const lines = [HEADER];
    for (let i = 0; i < 25_000; i++) {
      const late = i >= 24_000;
      const channel = !late ? 'forum' : ['Workshop ', 'zoom', '온라인', 'Zoom'][i % 4];
      const groups = !late ? 'residents' : ['NGO | youth', 'aliens;residents'][i % 2];
      const role = !late ? 'host' : '발표자';
      lines.push(`E${i},2019-03-05,${channel},A,10,${groups},,P${i},D1,${role},1`);
    }
    const report = await ok(e, { path: file('late.csv', lines.join('\n')) });
    expect(report.rows_accepted).toBe(25_000);
    // zoom and Zoom: 250 rows each; aliens: 500 rows with one unknown group.
    expect(report.mapped_to_other).toEqual({ channel: 500, stakeholder_groups: 500 });
    expect(report.warnings).toContain('channel: 2 unknown value(s) stored as "other": "Zoom", "zoom"');
    expect(report.warnings).toContain('stakeholder_groups: 500 unknown group(s) stored as "other".');
    expect(await rows(e, 'SELECT channel, count(*)::INTEGER AS n FROM events GROUP BY 1 ORDER BY 1')).toEqual([
      { channel: 'forum', n: 24_000 },
      { channel: 'online', n: 250 },
      { channel: 'other', n: 500 },
      { channel: 'workshop', n: 250 },
    ]);
    expect(await rows(e, 'SELECT stakeholder_groups::VARCHAR AS g, count(*)::INTEGER AS n FROM events GROUP BY 1 ORDER BY 1')).toEqual([
      { g: '[ngo, youth]', n: 500 },
      { g: '[other, residents]', n: 500 },
      { g: '[residents]', n: 24_000 },
    ]);
    expect(await rows(e, 'SELECT role, count(*)::INTEGER AS n FROM participations GROUP BY 1 ORDER BY 1')).toEqual([
      { role: 'host', n: 24_000 },
      { role: 'presenter', n: 1_000 },
    ]);
  });

  it("quotes the source's own text when an event's rows disagree", async () => {
    const e = await engine();
    const f = file(
      'differ.csv',
      [
        HEADER,
        'E1,2019.03.05,포럼,A,"1,200",,,P1,D1,host,1',
        'E1,2019-03-06,포럼,A,1200,,,P2,D1,host,1',
        'E2,2019-03-07,포럼,B,10,,,P1,D1,host,1',
        'E2,2019-03-07,온라인,B,10,,,P2,D1,host,1',
        'E3,2019-03-08,forum,C,"1,200",,,P1,D1,host,1',
        'E3,2019-03-08,forum,C,1300,,,P2,D1,host,1',
      ].join('\n'),
    );
    const report = await refused(e, { path: f });
    // "1,200" and 1200 are the same number, 포럼 and forum the same channel: no problem.
    expect(report.problems).toEqual([
      { row: 3, column: 'occurred_on', value: '2019-03-06', reason: 'event E1: occurred_on differs from row 2 (2019.03.05)' },
      { row: 5, column: 'channel', value: '온라인', reason: 'event E2: channel differs from row 4 (포럼)' },
      { row: 7, column: 'citizens_reached', value: '1300', reason: 'event E3: citizens_reached differs from row 6 (1,200)' },
    ]);
  });

  it('reports unparsable values as they were written', async () => {
    const e = await engine();
    const f = file(
      'bad.csv',
      [HEADER, 'E1,2019-02-30,forum,A,12a,,,P1,D1,host,abc', 'E2,,forum,A,10,,,P1,D1,host,1', 'E3,2019-03-05,forum,A,10,,,,,host,1'].join('\n'),
    );
    const report = await refused(e, { path: f });
    expect(report.problems.map((p) => [p.row, p.column, p.value, p.reason.split(' (')[0]])).toEqual([
      [2, 'citizens_reached', '12a', 'not a number'],
      [2, 'hours', 'abc', 'not a number'],
      [2, 'occurred_on', '2019-02-30', 'not a date'],
      [3, 'occurred_on', null, 'required value is empty'],
      [4, 'employee_id', null, 'a participation needs an employee_id or a department_id'],
    ]);
    expect(report.rows_rejected).toBe(3);
  });

  it('numbers a duplicate and the row it repeats across a broken record', async () => {
    const e = await engine();
    const f = file('dupbroken.csv', [HEADER, 'E1,2019-03-05,forum,A,10,,,P1,D1,host,2', 'E9,x', 'E1,2019-03-05,forum,A,10,,,P1,D1,host,2'].join('\n'));
    const report = await refused(e, { path: f });
    expect(report.problems.map((p) => [p.row, p.reason.split(':')[0] + ':' + p.reason.split(':')[1]])).toEqual([
      [3, 'too few fields: expected 11, found 2 (a truncated line?)'],
      [4, 'duplicate key (event_id, employee_id): same as row 2'],
    ]);
  });

  it('numbers a duplicate by the rows of the sheet in XLSX', async () => {
    const e = await engine();
    const f = path.join(tempDir('sotong-import-validate-'), 'dup.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Staff');
    ws.addRow(['사번', '부서', '직급']);
    ws.addRow(['P1', 'D1', '7급']);
    ws.addRow([]);
    ws.addRow(['P2', 'D1', '6급']);
    ws.addRow(['P1', 'D2', '7급']);
    await wb.xlsx.writeFile(f);
    const report = await refused(e, { path: f });
    expect(report.kind).toBe('employees');
    expect(report.problems).toEqual([{ row: 5, column: '사번', value: 'P1', reason: 'duplicate key (employee_id): same as row 2' }]);
  });

  it('in skip mode with reject on conflict, keeps the stored event and participation', async () => {
    const e = await engine();
    const a = await ok(e, { path: file('a.csv', `${HEADER}\nE1,2019-03-05,forum,A,10,,,P1,D1,host,2\n`) });
    const b = await ok(e, {
      path: file('b.csv', `${HEADER}\nE1,2019-04-01,forum,A,10,,,P1,D1,host,2\nE2,2019-04-02,forum,A,10,,,P1,D1,host,3\n`),
      onError: 'skip',
    });
    expect(b.problems.map((p) => [p.row, p.column])).toEqual([[2, 'event_id']]);
    expect(b.inserted).toEqual({ events: 1, participations: 1 });
    expect(b.replaced).toEqual({});
    expect(await rows(e, 'SELECT event_id, occurred_on, import_id = $a AS first FROM events ORDER BY 1'.replace('$a', `'${a.import_id}'`))).toEqual([
      { event_id: 'E1', occurred_on: '2019-03-05', first: true },
      { event_id: 'E2', occurred_on: '2019-04-02', first: false },
    ]);
    expect(await rows(e, 'SELECT event_id, hours FROM participations ORDER BY 1')).toEqual([
      { event_id: 'E1', hours: 2 },
      { event_id: 'E2', hours: 3 },
    ]);
  });

  it('in skip mode with upsert, compares an event with the stored one without its skipped rows', async () => {
    const e = await engine();
    const a = await ok(e, { path: file('a.csv', `${HEADER}\nE1,2019-03-05,forum,A,10,,,P1,D1,host,2\n`) });
    // Row 3 disagrees with row 2 and is skipped: what is left of E1 is the stored event, unchanged.
    const b = await ok(e, {
      path: file('b.csv', `${HEADER}\nE1,2019-03-05,forum,A,10,,,P2,D1,host,2\nE1,2019-03-09,forum,A,10,,,P3,D1,host,2\n`),
      onError: 'skip',
      onConflict: 'upsert',
    });
    expect(b.problems.map((p) => [p.row, p.column])).toEqual([[3, 'occurred_on']]);
    expect(b.replaced).toEqual({});
    expect(b.inserted).toEqual({ events: 0, participations: 1 });
    expect(await rows(e, `SELECT event_id, occurred_on, import_id = '${a.import_id}' AS first FROM events`)).toEqual([{ event_id: 'E1', occurred_on: '2019-03-05', first: true }]);
  });

  it('refuses a file whose bytes turn out invalid while it is already being read, and reports a repeat as a repeat', async () => {
    const e = await engine();
    // 2 MB of good rows, then CP949 bytes: the UTF-8 check meets them after DuckDB started reading
    // (the byte reported is where the sequence breaks: the second one).
    const good = [HEADER, ...Array.from({ length: 40_000 }, (_, i) => `E${i},2019-03-05,forum,Program ${i},10,,,P${i % 97},D1,host,1`)].join('\n');
    const bad = Buffer.concat([Buffer.from(`${good}\nE_last,2019-03-05,forum,`), Buffer.from([0xc6, 0xf7, 0xb7, 0xb3]), Buffer.from(',10,,,P1,D1,host,1\n')]);
    const f = path.join(tempDir('sotong-import-validate-'), 'late-invalid.csv');
    fs.writeFileSync(f, bad);
    const r = await e.api().importRun({ path: f, encoding: 'utf-8' });
    expect(!r.ok && r.error.code).toBe('VALIDATION');
    expect(!r.ok && r.error.message).toMatch(new RegExp(`is not valid UTF-8 text: invalid bytes at byte ${Buffer.byteLength(good) + 26}, line 40002\\.`));
    expect(await rows(e, 'SELECT count(*)::INTEGER AS n FROM participations')).toEqual([{ n: 0 }]);
    // The same good file twice, under another name, and once more with a wrong mapping: repeats.
    const first = await ok(e, { path: file('good.csv', good) });
    expect(first.rows_accepted).toBe(40_000);
    const again = await ok(e, { path: file('copy.csv', good), mapping: { hours: null } });
    expect(again.status).toBe('duplicate');
    expect(again.duplicate_of).toBe(first.import_id);
    expect(await rows(e, 'SELECT count(*)::INTEGER AS n FROM participations')).toEqual([{ n: 40_000 }]);
  });

  it('reports unresolved references and defaults once per value, with the staff list filling in departments', async () => {
    const e = await engine();
    await ok(e, { path: file('dep.csv', 'department_id,name,bureau\nD1,혁신기획과,X\n') });
    await ok(e, { path: file('emp.csv', 'employee_id,department_id,grade\nP1,D1,7급\nP2,D7,6급\n') });
    const report = await ok(e, {
      path: file('log.csv', 'event_id,occurred_on,employee_id,department\nE1,2019-03-05,P1,\nE1,2019-03-05,P2,\nE1,2019-03-05,P3,\nE2,2019-03-06,P3,혁신기획과\nE2,2019-03-06,P4,D8\n'),
    });
    expect(report.defaulted).toEqual({ department_id: 2, role: 5, hours: 5, citizens_reached: 5, channel: 5 });
    expect(report.warnings).toEqual([
      '1 department name(s) were resolved to their department_id using the departments table.',
      '2 employee(s) are not in the employees table yet (e.g. P3, P4); import the staff list to resolve them.',
      '2 department(s) are not in the departments table yet (e.g. D7, D8).',
      '1 participation(s) have no department: their employee is not in the staff list and the file gives none.',
    ]);
    expect(await rows(e, 'SELECT event_id, employee_id, department_id FROM participations ORDER BY 1, 2')).toEqual([
      { event_id: 'E1', employee_id: 'P1', department_id: 'D1' },
      { event_id: 'E1', employee_id: 'P2', department_id: 'D7' },
      { event_id: 'E1', employee_id: 'P3', department_id: null },
      { event_id: 'E2', employee_id: 'P3', department_id: 'D1' },
      { event_id: 'E2', employee_id: 'P4', department_id: 'D8' },
    ]);
  });
});
