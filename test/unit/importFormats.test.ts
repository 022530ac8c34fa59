import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Engine } from '../../src-main/engine/engine';
import type { ImportReport } from '../../src-main/common/importApi';
import { arrowRows } from '../../src-main/cli/format';
import { stageFile } from '../../src-main/engine/import/stage';
import { detectKind, autoMapping, normalizeName } from '../../src-main/engine/import/mapping';
import { mapGroups, mapVocab } from '../../src-main/engine/import/normalize';
import { closeAfterEach, newEngine, tempDir } from '../helpers/workspace';
import { encodeCp949 } from '../fixtures/import/cp949';

const track = closeAfterEach();

async function engine(): Promise<Engine> {
  const e = await newEngine();
  track(e);
  return e;
}

const dir = () => tempDir('sotong-import-fmt-');

async function run(e: Engine, req: Parameters<ReturnType<Engine['api']>['importRun']>[0]) {
  return e.api().importRun(req);
}

async function ok(e: Engine, req: Parameters<ReturnType<Engine['api']>['importRun']>[0]): Promise<ImportReport> {
  const r = await run(e, req);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function rows(e: Engine, sql: string) {
  const r = await e.api().sql({ sql });
  if (!r.ok) throw new Error(r.error.message);
  return arrowRows(r.value).rows;
}

async function total(e: Engine): Promise<number> {
  const info = await e.api().info({});
  if (!info.ok) throw new Error(info.error.message);
  return info.value.tables.reduce((s, t) => s + t.rows, 0);
}

const EXPECTED = [
  { event_id: 'E1', employee_id: 'P1', occurred_on: '2019-03-05', channel: 'forum', hours: 2 },
  { event_id: 'E2', employee_id: 'P2', occurred_on: '2019-04-10', channel: 'online', hours: 1.5 },
];
const Q = 'SELECT p.event_id, p.employee_id, e.occurred_on, e.channel, p.hours FROM participations p JOIN events e USING (event_id) ORDER BY 1';

describe('import formats and encodings', () => {
  it.each([
    ['comma', 'log.csv', 'event_id,employee_id,occurred_on,channel,hours\nE1,P1,2019-03-05,forum,2\nE2,P2,2019-04-10,online,1.5\n'],
    ['semicolon', 'log.csv', 'event_id;employee_id;occurred_on;channel;hours\nE1;P1;2019-03-05;forum;2\nE2;P2;2019-04-10;online;1.5\n'],
    ['tab', 'log.tsv', 'event_id\temployee_id\toccurred_on\tchannel\thours\nE1\tP1\t2019-03-05\tforum\t2\nE2\tP2\t2019-04-10\tonline\t1.5\n'],
    ['UTF-8 BOM + CRLF', 'log.csv', '\ufeffevent_id,employee_id,occurred_on,channel,hours\r\nE1,P1,2019-03-05,forum,2\r\nE2,P2,2019-04-10,online,1.5\r\n'],
  ])('reads CSV (%s)', async (_label, name, content) => {
    const e = await engine();
    const f = path.join(dir(), name);
    fs.writeFileSync(f, content);
    const report = await ok(e, { path: f });
    expect(report.encoding).toBe('utf-8');
    expect(report.mapping.map((m) => m.field)).toEqual(['event_id', 'employee_id', 'occurred_on', 'channel', 'hours']);
    expect(await rows(e, Q)).toEqual(EXPECTED);
  });

  it('reads CP949 with Korean headers, and refuses it when forced as UTF-8 (no mojibake)', async () => {
    const e = await engine();
    const f = path.join(dir(), 'cp949.csv');
    fs.writeFileSync(f, encodeCp949('행사번호,사번,일자,채널,시간,사업명\r\nE1,P1,2019.03.05,포럼,2,청책토론회\r\nE2,P2,2019.04.10,온라인,1.5,민주주의 서울\r\n'));
    const before = await total(e);
    const forced = await run(e, { path: f, encoding: 'utf-8' });
    expect(!forced.ok && forced.error.code).toBe('VALIDATION');
    expect(!forced.ok && forced.error.message).toMatch(/is not valid UTF-8 text: invalid bytes at byte 1, line 1\. Nothing was imported\..*CP949/);
    expect(await total(e)).toBe(before);
    const preview = await e.api().importPreview({ path: f });
    expect(preview.ok && preview.value.encoding).toBe('cp949');
    const report = await ok(e, { path: f });
    expect(report.encoding).toBe('cp949');
    expect(await rows(e, Q)).toEqual(EXPECTED);
    expect(await rows(e, 'SELECT program FROM events ORDER BY event_id')).toEqual([{ program: '청책토론회' }, { program: '민주주의 서울' }]);
  });

  it('reads Parquet, JSON and NDJSON written by DuckDB', async () => {
    const d = dir();
    const inst = await DuckDBInstance.create(':memory:');
    const c = await inst.connect();
    const src = `SELECT * FROM (VALUES ('E1', 'P1', DATE '2019-03-05', 'forum', 2.0, ['residents', 'ngo']), ('E2', 'P2', DATE '2019-04-10', 'Online', 1.5, ['youth']))
                 t(event_id, employee_id, occurred_on, channel, hours, stakeholder_groups)`;
    await c.run(`COPY (${src}) TO '${path.join(d, 'log.parquet')}' (FORMAT parquet)`);
    await c.run(`COPY (${src}) TO '${path.join(d, 'log.ndjson')}' (FORMAT json)`);
    await c.run(`COPY (${src}) TO '${path.join(d, 'log.json')}' (FORMAT json, ARRAY true)`);
    c.closeSync();
    inst.closeSync();
    for (const [name, format] of [['log.parquet', 'parquet'], ['log.ndjson', 'json'], ['log.json', 'json']] as const) {
      const e = await engine();
      const report = await ok(e, { path: path.join(d, name) });
      expect(report.format).toBe(format);
      expect(report.rows_read).toBe(2);
      expect(await rows(e, Q)).toEqual(EXPECTED);
      expect(await rows(e, 'SELECT stakeholder_groups::VARCHAR AS g FROM events ORDER BY event_id')).toEqual([{ g: '[ngo, residents]' }, { g: '[youth]' }]);
    }
  });

  it('reads XLSX (first or chosen sheet, Excel dates, row numbers of the sheet)', async () => {
    const e = await engine();
    const f = path.join(dir(), 'log.xlsx');
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('Notes');
    notes.addRow(['nothing here']);
    const ws = wb.addWorksheet('Log');
    ws.addRow(['행사번호', '사번', '일자', '채널', '시간']);
    ws.addRow(['E1', 'P1', new Date(Date.UTC(2019, 2, 5)), '포럼', 2]);
    ws.addRow([]);
    ws.addRow(['E2', 'P2', 43565, 'online', 1.5]); // Excel serial 43565 = 2019-04-10
    ws.addRow(['E3', 'P3', '2019-04-11', 'forum', 30]);
    await wb.xlsx.writeFile(f);
    const first = await run(e, { path: f });
    expect(!first.ok && first.error.message).toMatch(/no column maps to event_id/); // the first sheet is "Notes"
    const rejected = await run(e, { path: f, sheet: 'Log' });
    const report = !rejected.ok ? (rejected.error.details as { report: ImportReport }).report : undefined;
    // Row 5 of the sheet (an empty row 3 in between is not a data row but keeps its number).
    expect(report?.problems).toEqual([{ row: 5, column: '시간', value: '30', reason: 'hours must be between 0 and 24' }]);
    const ok2 = await ok(e, { path: f, sheet: 'Log', onError: 'skip' });
    expect(ok2.format).toBe('xlsx');
    expect(await rows(e, Q)).toEqual(EXPECTED);
  });

  it('refuses an XLSX with merged header cells, naming the cell', async () => {
    const e = await engine();
    const f = path.join(dir(), 'merged.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Log');
    ws.addRow(['행사 정보', '', '참여자', '']);
    ws.addRow(['event_id', 'occurred_on', 'employee_id', 'hours']);
    ws.addRow(['E1', '2019-03-05', 'P1', 2]);
    ws.mergeCells('A1:B1');
    ws.mergeCells('C1:D1');
    await wb.xlsx.writeFile(f);
    const before = await total(e);
    const r = await run(e, { path: f });
    expect(!r.ok && r.error.code).toBe('VALIDATION');
    expect(!r.ok && r.error.message).toMatch(/header cell B1 is empty \(merged header cells\?\)/);
    expect(await total(e)).toBe(before);
  });

  it('refuses a file that is still being written', async () => {
    const d = dir();
    const f = path.join(d, 'growing.csv');
    fs.writeFileSync(f, 'event_id,occurred_on,employee_id\n' + 'E1,2019-03-05,P1\n'.repeat(200_000));
    const staging = tempDir('sotong-staging-test-');
    let appended = false;
    const staged = stageFile(f, staging, {
      format: 'csv',
      encoding: 'utf-8',
      onProgress: () => {
        if (!appended) {
          appended = true;
          fs.appendFileSync(f, 'E2,2019-03-06,P2\n'); // the exporter is still writing
        }
      },
    });
    await expect(staged).rejects.toThrow(/changed while it was being read .*still being written/);
    expect(fs.readdirSync(staging)).toEqual([]); // the partial copy is gone
  });
});

describe('mapping and vocabularies', () => {
  it('matches names case- and punctuation-insensitively, with Korean aliases', () => {
    expect(normalizeName(' Employee-ID ')).toBe('employeeid');
    const m = autoMapping('participations', ['Event ID', '부서명', '일시', '유형', '프로그램', '참여 인원', '성과', '직원번호', 'ROLE', '시간']);
    expect(m.map((x) => x.field)).toEqual(['event_id', 'department_id', 'occurred_on', 'channel', 'program', 'citizens_reached', 'outcome', 'employee_id', 'role', 'hours']);
    expect(detectKind(['사번', '부서', '직급', '입사일']).kind).toBe('employees');
    expect(detectKind(['부서코드', '부서명', '실국']).kind).toBe('departments');
    expect(autoMapping('departments', ['부서코드', '부서명']).map((x) => x.field)).toEqual(['department_id', 'name']);
    expect(detectKind(['employee_id', 'period', '성과점수']).kind).toBe('evaluations');
    expect(detectKind(['administration_id', 'head', 'starts_on']).kind).toBe('administrations');
  });

  it('maps Korean and English synonyms to the SPEC vocabularies, unknown to other', () => {
    expect(mapVocab('channel', '위원회')).toEqual({ value: 'committee', known: true });
    expect(mapVocab('channel', ' ONLINE ')).toEqual({ value: 'online', known: true });
    expect(mapVocab('channel', 'Participatory budgeting')).toEqual({ value: 'budgeting', known: true });
    expect(mapVocab('channel', 'fax')).toEqual({ value: 'other', known: false });
    expect(mapVocab('role', '발표자')).toEqual({ value: 'presenter', known: true });
    expect(mapVocab('outcome', '채택')).toEqual({ value: 'adopted', known: true });
    expect(mapVocab('spectrum', 'Collaborate')).toEqual({ value: 'collaborate', known: true });
    expect(mapGroups('주민; 시민단체;Private sector;dragons')).toEqual({ values: ['ngo', 'other', 'private_sector', 'residents'], unknown: 1 });
  });
});
