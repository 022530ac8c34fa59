/**
 * The evaluation screen's engine methods: evaluationPeriods, evaluationByDepartment
 * (box plots) and evaluationExport (CSV, XLSX, Parquet carrying the setup).
 *
 * Fixture, period 2019, peer = all (n = 5), w = 0.5:
 *   employee dept S    participations in 2019
 *   E1       D1   40   V1 (2 h): 10 reached, groups {residents}, outcome none, alone on it
 *   E2       D1   60   none
 *   E3       D1   80   none
 *   E4       D2   100  none
 *   E5       D2   50   none
 * Components: E1 hours 2, events 1, reach 10/1 = 10, diversity 1, cross 0, outcomes 0; the others all 0.
 * Percentiles (everyone, 100·(rank − 1)/4): E1 100 on hours, events, reach, diversity; 0 on cross and
 * outcomes (all tied); the others 0 everywhere.
 * E1 = .3·100 + .2·100 + .15·100 + .1·100 = 75; the others 0.
 * F = 0.5·S + 0.5·E: E1 20 + 37.5 = 57.5, E2 30, E3 40, E4 50, E5 25.
 * engagement_share = w·E / F: E1 37.5 / 57.5 = 0.6521739…, the others 0.
 * D1 composites 30, 40, 57.5 (quantile_cont: p25 = 30 + .5·10 = 35, p75 = 40 + .5·17.5 = 48.75);
 *   shares 0, 0, 0.652… (p75 = 0 + .5·0.652… = 0.326…).
 * D2 composites 25, 50: p25 = 31.25, median 37.5, p75 = 43.75; shares 0.
 * Order by median composite, highest first: D1 (40), D2 (37.5).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVALUATION_COLUMNS, type EvaluationSettings } from '../../src-main/common/evaluationApi';
import { Engine } from '../../src-main/engine/engine';
import { closeAfterEach, newEngine, seed, tempDir } from '../helpers/workspace';

const track = closeAfterEach();

async function fixture(): Promise<Engine> {
  const engine = await newEngine();
  track(engine);
  await seed(
    engine,
    `INSERT INTO departments (department_id, name) VALUES ('D1', '혁신기획과'), ('D2', '복지정책과')`,
    `INSERT INTO employees (employee_id, department_id, grade) VALUES
       ('E1','D1','7급'), ('E2','D1','7급'), ('E3','D1','7급'), ('E4','D2','7급'), ('E5','D2','7급')`,
    `INSERT INTO events (event_id, occurred_on, channel, program, citizens_reached, stakeholder_groups, outcome) VALUES
       ('V1', DATE '2019-03-01', 'forum', 'Cheong-Chek', 10, ['residents'], 'none')`,
    `INSERT INTO participations (event_id, employee_id, department_id, role, hours) VALUES ('V1','E1','D1','host',2)`,
    `INSERT INTO evaluations (employee_id, period, performance_score) VALUES
       ('E1','2019',40), ('E2','2019',60), ('E3','2019',80), ('E4','2019',100), ('E5','2019',50), ('E1','2019H1',40)`,
  );
  return engine;
}

const SETTINGS = { period: '2019', weight: 0.5, peer: 'all' } as const;
const SHARE_E1 = 37.5 / 57.5;

function unwrapped<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('evaluationPeriods', () => {
  it('lists the periods with evaluations and their sizes, in order', async () => {
    const engine = await fixture();
    expect(unwrapped(await engine.api().evaluationPeriods({})).periods).toEqual([
      { period: '2019', n: 5 },
      { period: '2019H1', n: 1 },
    ]);
  });
});

describe('evaluationByDepartment', () => {
  it('gives each department the quartiles of composite and engagement_share, highest median composite first', async () => {
    const engine = await fixture();
    const r = unwrapped(await engine.api().evaluationByDepartment(SETTINGS));
    expect(r.n).toBe(5);
    expect(r.departments.map((d) => [d.department_id, d.name, d.n])).toEqual([['D1', '혁신기획과', 3], ['D2', '복지정책과', 2]]);
    const [d1, d2] = r.departments;
    expect(d1!.composite).toEqual({ min: 30, p25: 35, median: 40, p75: 48.75, max: 57.5, n: 3 });
    expect(d2!.composite).toEqual({ min: 25, p25: 31.25, median: 37.5, p75: 43.75, max: 50, n: 2 });
    expect(d1!.engagement_share.max).toBeCloseTo(SHARE_E1, 12);
    expect(d1!.engagement_share.p75).toBeCloseTo(SHARE_E1 / 2, 12);
    expect(d1!.engagement_share.median).toBe(0);
    expect(d2!.engagement_share).toEqual({ min: 0, p25: 0, median: 0, p75: 0, max: 0, n: 2 });
  });

  it('follows w: at w = 0 every composite is the performance score', async () => {
    const engine = await fixture();
    const r = unwrapped(await engine.api().evaluationByDepartment({ ...SETTINGS, weight: 0 }));
    expect(r.departments.find((d) => d.department_id === 'D1')!.composite).toMatchObject({ min: 40, median: 60, max: 80 });
  });

  it('refuses a period without evaluations with the engine message', async () => {
    const engine = await fixture();
    const r = await engine.api().evaluationByDepartment({ ...SETTINGS, period: '2031' });
    expect(!r.ok && r.error.message).toContain('no evaluations for 2031');
  });
});

describe('evaluationExport', () => {
  const when = new Date('2024-05-01T09:00:00Z');

  it('CSV: the SPEC columns, one row per employee sorted by employee_id, full precision; nothing left in staging', async () => {
    const engine = await fixture();
    const f = unwrapped(await engine.api().evaluationExport({ ...SETTINGS, format: 'csv' }));
    expect(f.filename).toBe('sotong-evaluation-2019-w50.csv');
    const lines = new TextDecoder().decode(f.bytes).trim().split(/\r?\n/);
    expect(lines[0]).toBe(EVALUATION_COLUMNS.join(','));
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [EVALUATION_COLUMNS[i], v])));
    expect(rows.map((r) => r.employee_id)).toEqual(['E1', 'E2', 'E3', 'E4', 'E5']);
    expect(Number(rows[0]!.composite)).toBe(57.5);
    expect(Number(rows[0]!.engagement_share)).toBe(SHARE_E1);
    expect(Number(rows[3]!.rank_composite)).toBe(2); // E4: 50, second after E1's 57.5
    expect(fs.readdirSync(path.join(engine.workspace.stagingDir, 'exports'))).toEqual([]);
  });

  it('Parquet: the rows and the setup in the key-value metadata', async () => {
    const engine = await fixture();
    const f = unwrapped(await engine.api().evaluationExport({ ...SETTINGS, format: 'parquet', setupName: 'HR 2019' }));
    const file = path.join(tempDir(), f.filename);
    fs.writeFileSync(file, f.bytes);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const kv = (await conn.runAndReadAll(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${file}')`)).getRowObjectsJS();
    const setup = JSON.parse(kv.find((r) => r.k === 'sotong.evaluation_setup')!.v as string);
    expect(setup).toMatchObject({ setup_name: 'HR 2019', period: '2019', weight: 0.5, peer: 'all', rows: 5, weights: { hours: 0.3, cross: 0.1 } });
    const rows = (await conn.runAndReadAll(`SELECT employee_id, composite FROM '${file}'`)).getRowObjectsJS();
    expect(rows).toEqual([
      { employee_id: 'E1', composite: 57.5 }, { employee_id: 'E2', composite: 30 }, { employee_id: 'E3', composite: 40 },
      { employee_id: 'E4', composite: 50 }, { employee_id: 'E5', composite: 25 },
    ]);
    conn.closeSync();
    db.closeSync();
  });

  it('XLSX: a header block with the setup above the table', async () => {
    const engine = await fixture();
    const { evaluationExport } = await import('../../src-main/engine/evaluationExport');
    const settings: EvaluationSettings = { ...SETTINGS, weights: { hours: 0.3, events: 0.2, reach: 0.15, outcomes: 0.15, diversity: 0.1, cross: 0.1 } };
    const f = await evaluationExport(engine.workspace, { ...settings, format: 'xlsx' }, when);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.bytes) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Sotong')!;
    const label = (r: number) => sheet.getRow(r).getCell(1).value;
    const value = (r: number) => sheet.getRow(r).getCell(2).value;
    expect(label(1)).toBe('Sotong evaluation export');
    expect([label(3), value(3)]).toEqual(['period', '2019']);
    expect([label(4), value(4)]).toEqual(['engagement weight w', 0.5]);
    expect(value(5)).toBe('hours=0.3, events=0.2, reach=0.15, outcomes=0.15, diversity=0.1, cross=0.1');
    expect([label(6), value(6)]).toEqual(['peer grouping', 'all']);
    expect(value(7)).toBe('2024-05-01T09:00:00.000Z');
    expect(value(8)).toBe(5);
    const head = sheet.getRow(11).values as unknown[];
    expect(head.slice(1)).toEqual([...EVALUATION_COLUMNS]);
    const e1 = sheet.getRow(12).values as unknown[];
    expect(e1[1]).toBe('E1');
    expect(e1[1 + EVALUATION_COLUMNS.indexOf('composite')]).toBe(57.5);
    expect(sheet.rowCount).toBe(16);
  });
});
