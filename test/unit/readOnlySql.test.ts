/** The SQL console is read-only by DuckDB's own statement type and the workspace's file lockdown. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine/engine';
import { arrowRows } from '../../src-main/cli/format';
import { newEngine, tempDir } from '../helpers/workspace';

let engine: Engine;
let secret: string;
beforeAll(async () => {
  engine = await newEngine();
  const dir = tempDir();
  secret = path.join(dir, 'secret.csv');
  fs.writeFileSync(secret, 'password\nhunter2\n');
});
afterAll(() => engine.close());

async function refused(sql: string): Promise<{ code: string; message: string }> {
  const r = await engine.api().sql({ sql });
  if (r.ok) throw new Error(`expected ${sql} to be refused`);
  return r.error;
}

describe('read-only SQL', () => {
  it('runs a query and returns its rows', async () => {
    const r = await engine.api().sql({ sql: 'SELECT 42 AS answer' });
    expect(r.ok && arrowRows(r.value).rows).toEqual([{ answer: 42 }]);
  });

  it.each([
    ['DROP TABLE events', 'DROP'],
    ["INSERT INTO departments (department_id) VALUES ('X')", 'INSERT'],
    ["UPDATE departments SET name = 'x'", 'UPDATE'],
    ['DELETE FROM events', 'DELETE'],
    ["ATTACH '/tmp/other.duckdb' AS o", 'ATTACH'],
    ["COPY events TO '/tmp/leak.csv'", 'COPY'],
    ['INSTALL httpfs', 'LOAD'],
    ['PRAGMA database_size', 'PRAGMA'],
    ['SET threads = 1', 'SET'],
    ['CREATE TABLE t AS SELECT 1', 'CREATE'],
  ])('refuses %s, naming the statement type', async (sql, kind) => {
    const e = await refused(sql);
    expect(e.code).toBe('SQL_REFUSED');
    expect(e.message).toContain(kind);
  });

  it('refuses several statements at once, even if the first is a query', async () => {
    const e = await refused('SELECT 1; DROP TABLE events');
    expect(e.code).toBe('SQL_REFUSED');
    expect(e.message).toMatch(/one statement/);
    const info = await engine.api().info({});
    expect(info.ok && info.value.tables.map((t) => t.name)).toContain('events');
  });

  it.each([
    (f: string) => `SELECT * FROM read_csv('${f}')`,
    (f: string) => `SELECT * FROM read_text('${f}')`,
    (f: string) => `SELECT * FROM glob('${path.dirname(f)}/*')`,
    () => "SELECT * FROM read_csv('/etc/passwd')",
  ])('refuses a query that reads files outside the workspace (%#)', async (make) => {
    const e = await refused(make(secret));
    expect(e.code).toBe('SQL_REFUSED');
    expect(e.message).toMatch(/cannot read or write files/);
  });

  it('reports a syntax error with DuckDB’s message', async () => {
    const e = await refused('SELEC 1');
    expect(e.code).toBe('SQL_ERROR');
    expect(e.message).toMatch(/syntax error/i);
  });

  it('caps the rows returned and says so in the Arrow metadata', async () => {
    const r = await engine.api().sql({ sql: 'SELECT * FROM range(100)', maxRows: 10 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { rows } = arrowRows(r.value);
    expect(rows).toHaveLength(10);
    const { tableFromIPC } = await import('apache-arrow');
    expect(tableFromIPC(r.value).schema.metadata.get('sotong.truncated')).toBe('true');
  });

  it('cancels a long query', async () => {
    const api = engine.api();
    const running = api.sql({ sql: 'SELECT count(*) FROM range(10000000000) a, range(10) b' });
    await new Promise((r) => setTimeout(r, 300));
    await api.cancel({});
    const r = await running;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('CANCELLED');
  });
});
