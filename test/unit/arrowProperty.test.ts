/**
 * Property test of the Arrow fast path: 20 random tables (seeded, so every
 * run is the same) of 1-5,000 rows over every supported DuckDB type, with
 * NULLs, long and short strings and chunk boundaries, encoded by
 * resultToArrow and decoded by apache-arrow, compared cell by cell with
 * DuckDB's own values read through node-api's materialized reader.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultToArrow } from '../../src-main/engine/arrow';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await conn.run("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', '좋음')");
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

/** mulberry32: a tiny seeded PRNG. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Compare = 'exact' | 'bigint' | 'date' | 'ts' | 'double' | 'text';

/** Column generators: SQL over `range` (a row number and `h`, a per-row hash) and how to compare. */
const TYPES: { name: string; sql: (s: number) => string; compare: Compare }[] = [
  { name: 'bool', sql: (s) => `(h % ${3 + s}) = 0`, compare: 'exact' },
  { name: 'tinyint', sql: () => `((h % 256) - 128)::TINYINT`, compare: 'exact' },
  { name: 'smallint', sql: () => `((h % 65536) - 32768)::SMALLINT`, compare: 'exact' },
  { name: 'integer', sql: () => `((h % 4294967296) - 2147483648)::INTEGER`, compare: 'exact' },
  { name: 'bigint', sql: () => `(h * 2305843009 - 4611686018427387904)::BIGINT`, compare: 'bigint' },
  { name: 'utinyint', sql: () => `(h % 256)::UTINYINT`, compare: 'exact' },
  { name: 'usmallint', sql: () => `(h % 65536)::USMALLINT`, compare: 'exact' },
  { name: 'uinteger', sql: () => `(h % 4294967296)::UINTEGER`, compare: 'exact' },
  { name: 'ubigint', sql: () => `(h * 4611686018)::UBIGINT`, compare: 'bigint' },
  { name: 'float', sql: () => `(h / 7.0 - 1000)::FLOAT`, compare: 'exact' },
  { name: 'double', sql: () => `(h / 3.0 - 1e6)::DOUBLE`, compare: 'exact' },
  { name: 'date', sql: () => `DATE '1970-01-01' + ((h % 40000) - 10000)::INTEGER`, compare: 'date' },
  { name: 'timestamp', sql: () => `make_timestamp((h * 1000003)::BIGINT)`, compare: 'ts' },
  { name: 'timestamptz', sql: () => `make_timestamp((h * 1000003)::BIGINT)::TIMESTAMPTZ`, compare: 'ts' },
  { name: 'timestamp_ms', sql: () => `make_timestamp((h * 1000)::BIGINT)::TIMESTAMP_MS`, compare: 'ts' },
  { name: 'timestamp_s', sql: () => `make_timestamp((h * 1000000)::BIGINT)::TIMESTAMP_S`, compare: 'ts' },
  { name: 'varchar', sql: (s) => `CASE WHEN h % 4 = 0 THEN '' WHEN h % 4 = 1 THEN 'x' || h ELSE repeat('청책토론회-', (h % ${5 + s})::INTEGER) || h END`, compare: 'exact' },
  { name: 'varchar_long', sql: () => `repeat(chr((65 + h % 26)::INTEGER), (h % 300)::INTEGER)`, compare: 'exact' },
  { name: 'enum', sql: () => `(['sad', 'ok', 'happy', '좋음'])[(h % 4 + 1)::INTEGER]::mood`, compare: 'text' },
  { name: 'decimal4', sql: () => `((h % 19999) / 100.0 - 99.99)::DECIMAL(4,2)`, compare: 'double' },
  { name: 'decimal9', sql: () => `((h % 1999999999) / 1000.0)::DECIMAL(9,3)`, compare: 'double' },
  { name: 'decimal18', sql: () => `(h * 1234567 / 10000.0)::DECIMAL(18,4)`, compare: 'double' },
  { name: 'decimal38', sql: () => `(h::HUGEINT * 98765432109876 / 100000)::DECIMAL(38,5)`, compare: 'double' },
  { name: 'hugeint', sql: () => `(h::HUGEINT * 12345678901234567890 - 170141183460469231731687303715884105727 // 3)`, compare: 'double' },
  { name: 'uhugeint', sql: () => `(h::UHUGEINT * 12345678901234567890)`, compare: 'double' },
  { name: 'list', sql: () => `[h % 10, h % 7]`, compare: 'text' },
  { name: 'struct', sql: () => `{'a': h % 10, 'b': 'v' || h % 3}`, compare: 'text' },
  { name: 'uuid', sql: () => `md5(h::VARCHAR)::UUID`, compare: 'text' },
  { name: 'interval', sql: () => `to_days((h % 1000)::INTEGER) + to_microseconds((h % 86400000000)::BIGINT)`, compare: 'text' },
  { name: 'time', sql: () => `make_time(h % 24, h % 60, (h % 60000) / 1000.0)`, compare: 'text' },
  { name: 'blob', sql: () => `('\\x' || lpad(to_hex(h % 256), 2, '0'))::BLOB`, compare: 'text' },
  { name: 'map', sql: () => `MAP {'k': h % 5}`, compare: 'text' },
];

function expectedOf(v: unknown, compare: Compare): unknown {
  if (v === null || v === undefined) return null;
  switch (compare) {
    case 'bigint':
      return BigInt(v as bigint);
    case 'date':
      return (v as { toString(): string }).toString();
    case 'ts':
      return String(v);
    case 'double':
      return (v as { toDouble?: () => number }).toDouble ? (v as { toDouble: () => number }).toDouble() : Number(v);
    case 'text':
      return String(v);
    default:
      return typeof v === 'object' && v && 'valueOf' in v ? (v as { valueOf(): unknown }).valueOf() : v;
  }
}

function actualOf(v: unknown, compare: Compare): unknown {
  if (v === null || v === undefined) return null;
  switch (compare) {
    case 'bigint':
      return BigInt(v as bigint);
    case 'date':
      return new Date(v as number).toISOString().slice(0, 10);
    case 'ts':
      return new Date(v as number).toISOString();
    default:
      return v;
  }
}

describe('Arrow fast path property', () => {
  for (let seed = 1; seed <= 20; seed++) {
    it(`random table ${seed} equals DuckDB's own values`, async () => {
      const r = rng(seed * 7919);
      const rows = 1 + Math.floor(r() * 5000);
      const chosen = TYPES.filter(() => r() < 0.6);
      if (chosen.length === 0) chosen.push(TYPES[seed % TYPES.length]!);
      const nullEvery = 2 + Math.floor(r() * 9);
      const cols = chosen.map((t, i) => `CASE WHEN (h + ${i}) % ${nullEvery} = 0 THEN NULL ELSE ${t.sql(seed)} END AS c${i}_${t.name}`);
      // h: a per-row hash, so values are spread; rows stay ordered by range (chunks of 2,048 cut the table).
      const sql = `SELECT ${cols.join(', ')} FROM (SELECT range AS i, (hash(range + ${seed}) % 1000000007)::BIGINT AS h FROM range(${rows})) ORDER BY i`;
      const table = tableFromIPC((await resultToArrow(await conn.stream(sql))).bytes);
      const reader = await conn.runAndReadAll(sql);
      const expected = reader.getColumns();
      expect(table.numRows).toBe(rows);
      chosen.forEach((t, c) => {
        const vector = table.getChildAt(c)!;
        const column = expected[c]!;
        let nulls = 0;
        for (let i = 0; i < rows; i++) {
          const e = expectedOf(column[i], t.compare);
          if (e === null) nulls++;
          const a = actualOf(vector.get(i), t.compare);
          if (t.compare === 'ts' && e !== null) {
            // node-api renders 'YYYY-MM-DD HH:MM:SS[.ffffff][+00]'; compare the instant at millisecond precision.
            const iso = String(e).replace(' ', 'T').replace(/\+00$/, '');
            expect(Date.parse(`${iso.slice(0, 23)}Z`), `${t.name} row ${i}`).toBe(Date.parse(a as string));
          } else if (t.compare === 'double' && e !== null) {
            expect(a as number, `${t.name} row ${i}`).toBeCloseTo(e as number, Math.abs(e as number) > 1e15 ? -Math.floor(Math.log10(Math.abs(e as number))) + 14 : 6);
          } else if (a !== e) {
            expect(a, `${t.name} row ${i}`).toEqual(e);
          }
        }
        expect(vector.nullCount, `${t.name} nulls`).toBe(nulls);
      });
    });
  }
});
