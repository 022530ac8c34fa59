/**
 * The SQL console in the engine: paging and engine-side sort, the count,
 * refusals through every method, the statement timeout and cancel,
 * completion, the schema browser and the researchers' views, exports of a
 * result larger than a page (CSV equal to the CLI's output, Parquet read back
 * by DuckDB, XLSX read back by exceljs), the quick chart, history and saved
 * queries.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowRows } from '../../src-main/cli/format';
import { main } from '../../src-main/cli/main';
import { ARROW_META_SQL_COLUMNS, ARROW_META_SQL_ELAPSED } from '../../src-main/common/sqlApi';
import type { Engine } from '../../src-main/engine/engine';
import { exportedFile } from '../../src-main/engine/sqlExport';
import { newEngine, seed, tempDir } from '../helpers/workspace';

let engine: Engine;
let file: string;
let secret: string;
beforeAll(async () => {
  const dir = tempDir();
  file = path.join(dir, 'w.duckdb');
  engine = await newEngine(file);
  await seed(
    engine,
    "INSERT INTO departments VALUES ('D1', '혁신과', 'Innovation', 'B1', NULL, NULL), ('D2', '청년과', 'Youth', 'B1', NULL, NULL)",
    "INSERT INTO employees VALUES ('E1', 'D1', '7', DATE '2015-01-01', NULL, NULL), ('E2', 'D2', '6', DATE '2016-01-01', NULL, NULL)",
    `INSERT INTO events VALUES ('V1', DATE '2019-03-05', 'forum', '청책토론회', 120, ['residents','ngo'], 'adopted', 'involve', NULL),
                               ('V2', DATE '2019-04-01', 'online', NULL, 10, NULL, 'none', NULL, NULL)`,
    "INSERT INTO participations VALUES ('V1', 'E1', 'D1', 'host', 3.5, NULL), ('V1', 'E2', 'D2', 'participant', 2, NULL), ('V2', 'E2', 'D2', 'responder', 1, NULL)",
  );
  secret = path.join(tempDir(), 'secret.csv');
  fs.writeFileSync(secret, 'password\nhunter2\n');
});
afterAll(() => engine.close());

const api = () => engine.api();
/** 5,000 rows: more than two pages; i descending, a text column, a date and a double. */
const BIG = `SELECT range::INTEGER AS i, 'row ' || range AS label, DATE '2020-01-01' + (range % 365)::INTEGER AS d, range / 8.0 AS x
  FROM range(5000) ORDER BY i DESC`;

async function refusedBy(p: Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>) {
  const r = await p;
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

describe('paging', () => {
  it('page 2 equals rows 200..399 of the ordered result, with columns and elapsed time in the metadata', async () => {
    const all = await api().sql({ sql: BIG, maxRows: 10_000 });
    const page = await api().sqlPage({ sql: BIG, offset: 200, limit: 200 });
    expect(all.ok && page.ok).toBe(true);
    if (!all.ok || !page.ok) return;
    const expected = arrowRows(all.value).rows.slice(200, 400);
    const got = arrowRows(page.value).rows;
    expect(got).toHaveLength(200);
    expect(got).toEqual(expected);
    expect(got[0]!.i).toBe(4799); // 4999 - 200
    const meta = tableFromIPC(page.value).schema.metadata;
    expect(JSON.parse(meta.get(ARROW_META_SQL_COLUMNS)!)).toEqual([
      { name: 'i', type: 'INTEGER' }, { name: 'label', type: 'VARCHAR' }, { name: 'd', type: 'DATE' }, { name: 'x', type: 'DOUBLE' },
    ]);
    expect(Number(meta.get(ARROW_META_SQL_ELAPSED))).toBeGreaterThanOrEqual(0);
  });

  it('accepts a trailing semicolon and a trailing line comment', async () => {
    const r = await api().sqlPage({ sql: 'SELECT 1 AS a; ', limit: 10 });
    expect(r.ok && arrowRows(r.value).rows).toEqual([{ a: 1 }]);
    const c = await api().sqlPage({ sql: 'SELECT 2 AS a -- the answer', limit: 10 });
    expect(c.ok && arrowRows(c.value).rows).toEqual([{ a: 2 }]);
  });

  it('sorts in the engine by a column of the result, both ways, NULLs last', async () => {
    const sql = 'SELECT * FROM (VALUES (3, \'c\'), (1, NULL), (2, \'a\'), (NULL, \'b\')) t(n, s)';
    const asc = await api().sqlPage({ sql, sort: { column: 'n', descending: false } });
    expect(asc.ok && arrowRows(asc.value).rows.map((r) => r.n)).toEqual([1, 2, 3, null]);
    const desc = await api().sqlPage({ sql, sort: { column: 's', descending: true } });
    expect(desc.ok && arrowRows(desc.value).rows.map((r) => r.s)).toEqual(['c', 'b', 'a', null]);
    // Page 2 of the sorted 5,000 rows: i ascending, rows 200..399 are i = 200..399.
    const p2 = await api().sqlPage({ sql: BIG, offset: 200, limit: 200, sort: { column: 'i', descending: false } });
    const rows = p2.ok ? arrowRows(p2.value).rows : [];
    expect(rows[0]!.i).toBe(200);
    expect(rows[199]!.i).toBe(399);
  });

  it('refuses a sort column that is not one of the result columns, and quotes odd names safely', async () => {
    const e = await refusedBy(api().sqlPage({ sql: 'SELECT 1 AS a', sort: { column: 'a" DESC; DROP TABLE events; --', descending: false } }));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toMatch(/not a column/);
    const odd = await api().sqlPage({ sql: 'SELECT 2 AS "we""ird", 1 AS b UNION ALL SELECT 1, 2', sort: { column: 'we"ird', descending: false } });
    expect(odd.ok && arrowRows(odd.value).rows.map((r) => r['we"ird'])).toEqual([1, 2]);
  });

  it('counts the whole result', async () => {
    const r = await api().sqlCount({ sql: BIG });
    expect(r.ok && r.value.rows).toBe(5000);
  });

  it('serves the first page of a 100,000,000-row result without materializing it', async () => {
    const t0 = performance.now();
    const r = await api().sqlPage({ sql: 'SELECT range AS n, range * 2 AS m FROM range(100000000)', limit: 200 });
    const ms = performance.now() - t0;
    expect(r.ok && arrowRows(r.value).rows).toHaveLength(200);
    expect(ms).toBeLessThan(5000); // generous for a busy CI machine; the benchmark measures it properly
  });
});

describe('refusals through the console methods', () => {
  it.each([
    ['DROP TABLE events', 'DROP'],
    ["COPY events TO '/tmp/leak.csv'", 'COPY'],
    ["ATTACH '/tmp/x.duckdb' AS x", 'ATTACH'],
    ['SET threads = 1', 'SET'],
    ['SELECT 1; DROP TABLE events', 'one statement'],
  ])('sqlPage refuses %s', async (sql, word) => {
    const e = await refusedBy(api().sqlPage({ sql }));
    expect(e.code).toBe('SQL_REFUSED');
    expect(e.message).toContain(word);
  });

  it('refuses file access from a query through every method', async () => {
    const sql = `SELECT * FROM read_csv('${secret}')`;
    const attempts: Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>[] = [
      api().sqlPage({ sql }),
      api().sqlCount({ sql }),
      api().sqlExport({ sql, format: 'csv' }),
      api().sqlExport({ sql: `SELECT * FROM read_text('${secret}')`, format: 'parquet' }),
      api().sqlChart({ sql: `SELECT * FROM glob('${path.dirname(secret)}/*')`, x: 'file', agg: 'count' }),
    ];
    for (const p of attempts) {
      const e = await refusedBy(p);
      expect(e.code).toBe('SQL_REFUSED');
      expect(e.message).toMatch(/cannot read or write files/);
    }
  });

  it('cannot break out of the page wrapper by closing the parenthesis', async () => {
    const e = await refusedBy(api().sqlPage({ sql: "SELECT 1) TO '/tmp/x.csv' (FORMAT csv); SELECT (1" }));
    expect(['SQL_REFUSED', 'SQL_ERROR']).toContain(e.code);
    const e2 = await refusedBy(api().sqlExport({ sql: "SELECT 1) TO '/tmp/sotong-escape.csv' (FORMAT csv) --", format: 'csv' }));
    expect(['SQL_REFUSED', 'SQL_ERROR']).toContain(e2.code);
    expect(fs.existsSync('/tmp/sotong-escape.csv')).toBe(false);
  });

  it('refuses queries with parameters and reports syntax errors with the LINE and caret DuckDB gives', async () => {
    expect((await refusedBy(api().sqlPage({ sql: 'SELECT $1 AS a' }))).message).toMatch(/parameters/);
    const e = await refusedBy(api().sqlPage({ sql: 'SELECT *\nFROM events WHER x = 1' }));
    expect(e.code).toBe('SQL_ERROR');
    expect(e.message).toMatch(/syntax error/i);
    expect(e.message).toMatch(/LINE 2:/);
    expect(e.message).toContain('^');
  });

  it('allows DESCRIBE and SUMMARIZE of a table (the schema browser buttons)', async () => {
    const d = await api().sqlPage({ sql: 'DESCRIBE "events"' });
    expect(d.ok && arrowRows(d.value).rows.map((r) => r.column_name)).toContain('occurred_on');
    const s = await api().sqlPage({ sql: 'SUMMARIZE "participations"' });
    const hours = s.ok ? arrowRows(s.value).rows.find((r) => r.column_name === 'hours') : undefined;
    expect(hours?.max).toBe('3.5');
  });
});

describe('timeout and cancel', () => {
  const LONG = 'SELECT count(*) FROM range(10000000000) a, range(10) b';

  it('stops a query at the statement timeout, saying it timed out', async () => {
    const t0 = performance.now();
    const e = await refusedBy(api().sqlPage({ sql: LONG, timeoutSeconds: 0.5 }));
    expect(e.code).toBe('CANCELLED');
    expect(e.message).toMatch(/Timed out.*0\.5 s/);
    expect(performance.now() - t0).toBeLessThan(3000);
    // The lane is usable right after.
    const r = await api().sqlPage({ sql: 'SELECT 1 AS ok' });
    expect(r.ok).toBe(true);
  });

  it('cancels a running count within a second', async () => {
    const running = api().sqlCount({ sql: LONG });
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    await api().cancel({});
    const e = await refusedBy(running);
    expect(e.code).toBe('CANCELLED');
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('runs on its own lane: the screens answer during a long query, and Cancel stops only the console', async () => {
    const running = api().sqlCount({ sql: LONG });
    await new Promise((r) => setTimeout(r, 300));
    // A screen's query answers while the console's runs (it would wait behind it on one connection).
    const t0 = performance.now();
    const table = await api().departmentTotals({});
    expect(table.ok).toBe(true);
    expect(performance.now() - t0).toBeLessThan(5000);
    // Cancel while a screen's query is running: the console's query stops, the screen's does not.
    const screen = api().departmentTable({});
    await api().cancel({});
    expect((await refusedBy(running)).code).toBe('CANCELLED');
    expect((await screen).ok).toBe(true);
  });
});

describe('completion and schema', () => {
  it('completes table names and keywords from DuckDB’s autocomplete', async () => {
    const r = await api().sqlComplete({ sql: 'SELECT * FROM partic', cursor: 20 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.suggestions[0]).toEqual({ text: 'participations', start: 14, kind: 'table' });
    const kw = await api().sqlComplete({ sql: 'SEL', cursor: 3 });
    expect(kw.ok && kw.value.suggestions.map((s) => s.text)).toContain('SELECT');
    // The cursor counts characters, DuckDB bytes: a Korean literal before the word must not shift it.
    const ko = await api().sqlComplete({ sql: "SELECT '청책' AS a FROM eve", cursor: 25 });
    expect(ko.ok && ko.value.suggestions.find((s) => s.text === 'events')?.start).toBe(22);
  });

  it('lists tables and views with row counts and typed columns, including the researchers’ views', async () => {
    const r = await api().sqlSchema({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const byName = new Map(r.value.entries.map((e) => [e.name, e]));
    expect(byName.get('participations')).toMatchObject({ kind: 'table', rows: 3 });
    expect(byName.get('events')!.columns).toContainEqual({ name: 'stakeholder_groups', type: 'VARCHAR[]' });
    const flat = byName.get('v_participations_flat')!;
    expect(flat).toMatchObject({ kind: 'view', rows: 3 });
    expect(flat.description).toMatch(/participation/);
    expect(flat.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['event_id', 'occurred_on', 'department_name', 'grade', 'hours']));
  });

  it('v_participations_flat joins events, employees and departments', async () => {
    const r = await api().sqlPage({ sql: 'SELECT employee_id, department_name, grade, program, hours FROM v_participations_flat ORDER BY employee_id, hours' });
    expect(r.ok && arrowRows(r.value).rows).toEqual([
      { employee_id: 'E1', department_name: '혁신과', grade: '7', program: '청책토론회', hours: 3.5 },
      { employee_id: 'E2', department_name: '청년과', grade: '6', program: null, hours: 1 },
      { employee_id: 'E2', department_name: '청년과', grade: '6', program: '청책토론회', hours: 2 },
    ]);
    // V1 has participants from D1 and D2: 2 departments, cross-department.
    const ev = await api().sqlPage({ sql: 'SELECT event_id, departments, cross_department FROM v_event_departments ORDER BY 1' });
    expect(ev.ok && arrowRows(ev.value).rows).toEqual([
      { event_id: 'V1', departments: 2, cross_department: true },
      { event_id: 'V2', departments: 1, cross_department: false },
    ]);
  });
});

describe('export of the whole result', () => {
  it('writes CSV equal to the CLI’s `sql` output, for a result larger than a page', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'out.csv');
    const r = await api().sqlExport({ sql: BIG, format: 'csv', path: target });
    expect(r.ok && r.value).toMatchObject({ rows: 5000, path: target, fileName: 'out.csv' });
    // The CLI cannot open the file while this engine holds it: compare against a copy.
    const copy = path.join(dir, 'copy.duckdb');
    await engine.workspace.use('write', (conn) => conn.run('CHECKPOINT'));
    fs.copyFileSync(file, copy);
    const out = capture();
    const err = capture();
    const code = await main(['sql', BIG, '--workspace', copy], out.stream, err.stream);
    expect(code).toBe(0);
    expect(fs.readFileSync(target, 'utf8')).toBe(out.text());
    expect(out.text().split('\n')).toHaveLength(5002); // header, 5,000 rows, final newline
  });

  it('the CLI writes the export with --out', async () => {
    const dir = tempDir();
    const copy = path.join(dir, 'copy.duckdb');
    await engine.workspace.use('write', (conn) => conn.run('CHECKPOINT'));
    fs.copyFileSync(file, copy);
    const target = path.join(dir, 'cli.parquet');
    const out = capture();
    const err = capture();
    const code = await main(['sql', BIG, '--workspace', copy, '--out', target], out.stream, err.stream);
    expect(code).toBe(0);
    expect(err.text()).toMatch(/5,?000 rows/);
    expect(fs.existsSync(target)).toBe(true);
    const bad = await main(['sql', BIG, '--workspace', copy, '--out', path.join(dir, 'x.txt')], capture().stream, capture().stream);
    expect(bad).toBe(2);
  });

  it('writes Parquet that DuckDB reads back equal to the query', async () => {
    const target = path.join(tempDir(), 'out.parquet');
    const r = await api().sqlExport({ sql: BIG, format: 'parquet', path: target });
    expect(r.ok && r.value.rows).toBe(5000);
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    const back = (await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n, sum(i)::BIGINT AS s, min(d)::VARCHAR AS d0, max(label) AS l FROM '${target}'`)).getRowObjectsJS();
    // sum of 0..4999 = 4999·5000/2 = 12,497,500
    expect(back).toEqual([{ n: 5000, s: 12497500n, d0: '2020-01-01', l: 'row 999' }]);
    const first = (await conn.runAndReadAll(`SELECT i FROM '${target}' LIMIT 1`)).getRowObjectsJS();
    expect(first).toEqual([{ i: 4999 }]); // the query's own order is kept
    conn.closeSync();
    inst.closeSync();
  });

  it('writes XLSX read back by exceljs, header first', async () => {
    const target = path.join(tempDir(), 'out.xlsx');
    const r = await api().sqlExport({ sql: 'SELECT i, label, x FROM (' + BIG + ') LIMIT 3000', format: 'xlsx', path: target });
    expect(r.ok && r.value.rows).toBe(3000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(target);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(3001);
    expect(sheet.getRow(1).values).toEqual([undefined, 'i', 'label', 'x']);
    expect(sheet.getRow(2).values).toEqual([undefined, 4999, 'row 4999', 4999 / 8]);
  });

  it('keeps a web export in staging, registered for the download route; refuses a wrong extension', async () => {
    const r = await api().sqlExport({ sql: 'SELECT 1 AS a', format: 'csv' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const f = exportedFile(r.value.downloadId!);
    expect(f?.file.startsWith(engine.workspace.stagingDir)).toBe(true);
    expect(fs.readFileSync(f!.file, 'utf8')).toBe('a\n1\n');
    expect(exportedFile('../../etc/passwd')).toBeUndefined();
    const e = await refusedBy(api().sqlExport({ sql: 'SELECT 1', format: 'csv', path: path.join(tempDir(), 'evil.sh') }));
    expect(e.code).toBe('VALIDATION');
  });
});

describe('quick chart', () => {
  it('aggregates in SQL by x and series', async () => {
    const r = await api().sqlChart({ sql: 'SELECT * FROM v_participations_flat', x: 'department_id', y: 'hours', agg: 'sum' });
    // D1: 3.5; D2: 2 + 1 = 3
    expect(r.ok && r.value).toEqual({ points: [{ x: 'D1', series: null, y: 3.5 }, { x: 'D2', series: null, y: 3 }], total: 2, maxPoints: 2000, capped: false, xNumeric: false });
    const s = await api().sqlChart({ sql: 'SELECT * FROM v_participations_flat', x: 'department_id', series: 'role', agg: 'count' });
    expect(s.ok && s.value.points).toEqual([
      { x: 'D1', series: 'host', y: 1 },
      { x: 'D2', series: 'participant', y: 1 },
      { x: 'D2', series: 'responder', y: 1 },
    ]);
  });

  it('caps the points and says so', async () => {
    const r = await api().sqlChart({ sql: BIG, x: 'i', y: 'x', agg: 'avg', maxPoints: 100 });
    expect(r.ok && r.value).toMatchObject({ total: 5000, capped: true, xNumeric: true });
    expect(r.ok && r.value.points).toHaveLength(100);
    expect(r.ok && r.value.points[1]).toEqual({ x: 1, series: null, y: 1 / 8 });
  });
});

describe('history and saved queries', () => {
  it('keeps the last 100 queries, newest first, a re-run moving to the top', async () => {
    for (let i = 0; i < 105; i++) await api().sqlPage({ sql: `SELECT ${i} AS n`, record: true });
    await api().sqlPage({ sql: 'SELECT 50 AS n', record: true });
    await api().sqlPage({ sql: 'SELECT 999 AS n' }); // not recorded: not the first page of a run
    const r = await api().sqlHistory({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.entries).toHaveLength(100);
    expect(r.value.entries[0]!.sql).toBe('SELECT 50 AS n');
    expect(r.value.entries[1]!.sql).toBe('SELECT 104 AS n');
    expect(r.value.entries.filter((e) => e.sql === 'SELECT 50 AS n')).toHaveLength(1);
    // After 0..104 the list is 104..5 (0..4 dropped); re-running 50 moves it up, so 5 stays last.
    expect(r.value.entries[99]!.sql).toBe('SELECT 5 AS n');
  });

  it('saves, lists, replaces and deletes named queries', async () => {
    await api().sqlSave({ name: 'hours by dept', sql: 'SELECT 1' });
    await api().sqlSave({ name: 'hours by dept', sql: 'SELECT department_id, sum(hours) FROM participations GROUP BY 1' });
    const s = await api().sqlSave({ name: '행사', sql: 'FROM events' });
    expect(s.ok && s.value.saved.map((q) => [q.name, q.sql])).toEqual([
      ['hours by dept', 'SELECT department_id, sum(hours) FROM participations GROUP BY 1'],
      ['행사', 'FROM events'],
    ]);
    const d = await api().sqlDeleteSaved({ name: '행사' });
    expect(d.ok && d.value.saved.map((q) => q.name)).toEqual(['hours by dept']);
    expect((await refusedBy(api().sqlDeleteSaved({ name: 'nope' }))).code).toBe('NOT_FOUND');
    const listed = await api().sqlSaved({});
    expect(listed.ok && listed.value.saved).toHaveLength(1);
  });
});
