/**
 * DuckDB → Arrow IPC → decoded values, compared with DuckDB's own values:
 * every mapped type, NULLs, and results spanning several DuckDB chunks
 * (2,048 rows) and Arrow batches.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC, Type } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultToArrow } from '../../src-main/engine/arrow';
import { plainValue } from '../../src-main/common/plain';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

const encode = async (sql: string, maxRows?: number) => tableFromIPC((await resultToArrow(await conn.stream(sql), { maxRows })).bytes);

describe('resultToArrow', () => {
  it('maps DATE, BIGINT, INTEGER, DOUBLE, VARCHAR, BOOLEAN and NULL to the documented Arrow types', async () => {
    const t = await encode(`SELECT DATE '2019-03-05' AS d, 9007199254740991::BIGINT AS big, 7::INTEGER AS i, 2.5::DOUBLE AS x,
      '청책토론회' AS s, true AS b, NULL::VARCHAR AS n, 1.25::DECIMAL(9,2) AS dec, ['a','b'] AS l, TIMESTAMP '2020-01-02 03:04:05' AS ts`);
    const types = Object.fromEntries(t.schema.fields.map((f) => [f.name, f.type.typeId]));
    expect(types).toEqual({ d: Type.Date, big: Type.Int, i: Type.Int, x: Type.Float, s: Type.Utf8, b: Type.Bool, n: Type.Utf8, dec: Type.Float, l: Type.Utf8, ts: Type.Timestamp });
    const f = (name: string) => t.schema.fields.find((x) => x.name === name)!;
    expect(String(f('d').type)).toBe('Date32<DAY>');
    expect(f('big').type.toString()).toBe('Int64');
    expect(f('i').type.toString()).toBe('Int32');
    const row = t.get(0)!;
    expect(plainValue(row.d, f('d').type)).toBe('2019-03-05');
    expect(plainValue(row.big, f('big').type)).toBe(9007199254740991);
    expect(row.i).toBe(7);
    expect(row.x).toBe(2.5);
    expect(row.s).toBe('청책토론회');
    expect(row.b).toBe(true);
    expect(row.n).toBeNull();
    expect(row.dec).toBe(1.25);
    expect(row.l).toBe("['a', 'b']");
    expect(plainValue(row.ts, f('ts').type)).toBe('2020-01-02T03:04:05Z');
  });

  it('round-trips 10,000 rows across chunk and batch boundaries, NULLs included, equal to DuckDB’s own values', async () => {
    const sql = `SELECT range::INTEGER AS i,
        CASE WHEN range % 7 = 0 THEN NULL ELSE range * 3 END::BIGINT AS b,
        CASE WHEN range % 5 = 0 THEN NULL ELSE range / 8.0 END::DOUBLE AS x,
        CASE WHEN range % 3 = 0 THEN NULL ELSE repeat('부서', (range % 9)::INT) || range END AS s,
        CASE WHEN range % 11 = 0 THEN NULL ELSE DATE '2006-01-01' + (range % 7000)::INT END AS d,
        range % 2 = 0 AS flag
      FROM range(10000) ORDER BY range`;
    const t = await encode(sql);
    const expected = (await conn.runAndReadAll(sql)).getRowObjectsJS();
    expect(t.numRows).toBe(expected.length);
    const fields = t.schema.fields;
    for (const r of [0, 1, 2047, 2048, 2049, 4095, 7777, 9999]) {
      const row = t.get(r)!;
      const e = expected[r]!;
      expect(row.i).toBe(e.i);
      expect(plainValue(row.b, fields[1]!.type)).toBe(e.b === null ? null : Number(e.b));
      expect(row.x).toBe(e.x);
      expect(row.s).toBe(e.s);
      expect(plainValue(row.d, fields[4]!.type)).toBe(e.d === null ? null : (e.d as Date).toISOString().slice(0, 10));
      expect(row.flag).toBe(e.flag);
    }
    expect(t.getChild('b')!.nullCount).toBe(expected.filter((e) => e.b === null).length);
    expect(t.getChild('s')!.nullCount).toBe(expected.filter((e) => e.s === null).length);
  });

  it('starts a new Arrow batch every 65,536 rows without carrying values or NULLs over (150,000 rows)', async () => {
    // NULLs only in the first batch's rows for s, only in later batches' for x: a bit left over would show.
    const sql = `SELECT range::INTEGER AS i,
        CASE WHEN range < 65536 AND range % 2 = 0 THEN NULL ELSE 'r' || range END AS s,
        CASE WHEN range >= 65536 AND range % 3 = 0 THEN NULL ELSE range / 4 END::DOUBLE AS x
      FROM range(150000) ORDER BY range`;
    const out = await resultToArrow(await conn.stream(sql));
    const t = tableFromIPC(out.bytes);
    expect(t.batches.map((b) => b.numRows)).toEqual([65536, 65536, 150000 - 131072]);
    for (const r of [0, 1, 65535, 65536, 65537, 65538, 131071, 131072, 131073, 149999]) {
      const row = t.get(r)!;
      expect(row.i).toBe(r);
      expect(row.s).toBe(r < 65536 && r % 2 === 0 ? null : `r${r}`);
      expect(row.x).toBe(r >= 65536 && r % 3 === 0 ? null : r / 4);
    }
    expect(t.getChild('s')!.nullCount).toBe(65536 / 2);
    expect(t.getChild('x')!.nullCount).toBe((149997 - 65538) / 3 + 1); // multiples of 3 in [65536, 150000)
  });

  it('cuts at maxRows and reports truncation', async () => {
    const out = await resultToArrow(await conn.stream('SELECT * FROM range(5000)'), { maxRows: 2500 });
    expect(out.rows).toBe(2500);
    expect(out.truncated).toBe(true);
    expect(tableFromIPC(out.bytes).schema.metadata.get('sotong.truncated')).toBe('true');
    const exact = await resultToArrow(await conn.stream('SELECT * FROM range(2048)'), { maxRows: 2048 });
    expect(exact.truncated).toBe(false);
  });

  it('encodes an empty result with its schema', async () => {
    const t = await encode('SELECT 1::INTEGER AS a, \'x\' AS b WHERE false');
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
  });
});
