import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { Workspace } from '../../src-main/engine/workspace';
import { SCHEMA_VERSION, TABLES } from '../../src-main/common/tables';
import { SotongError } from '../../src-main/common/result';
import { tempDir } from '../helpers/workspace';

const open: Workspace[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function rejectsWith(p: Promise<unknown>, code: string): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SotongError);
    expect((e as SotongError).code).toBe(code);
    return (e as Error).message;
  }
  throw new Error(`expected ${code}`);
}

describe('Workspace', () => {
  it('creates a new file with every SPEC table and the current schema version', async () => {
    const file = path.join(tempDir(), 'new.duckdb');
    const ws = await Workspace.open(file, { create: true });
    open.push(ws);
    expect(ws.schemaVersion).toBe(SCHEMA_VERSION);
    const names = await ws.use('read', async (c) =>
      (await c.runAndReadAll("SELECT table_name FROM information_schema.tables WHERE table_schema='main'")).getRowObjectsJS().map((r) => r.table_name),
    );
    for (const t of [...TABLES, 'schema_version']) expect(names).toContain(t);
    const admins = await ws.use('read', async (c) => (await c.runAndReadAll('SELECT count(*)::INT AS n FROM administrations')).getRowObjectsJS()[0]?.n);
    expect(admins).toBe(6); // the SPEC's Seoul defaults
  });

  it('reopens an existing file without migrating twice and keeps its rows', async () => {
    const file = path.join(tempDir(), 'w.duckdb');
    const a = await Workspace.open(file, { create: true });
    await a.use('write', (c) => c.run("INSERT INTO departments VALUES ('D1', '혁신기획과', 'Innovation Planning', '서울혁신기획관', NULL, NULL)"));
    await a.close();
    const b = await Workspace.open(file);
    open.push(b);
    const rows = await b.use('read', async (c) => (await c.runAndReadAll('SELECT name FROM departments')).getRowObjectsJS());
    expect(rows).toEqual([{ name: '혁신기획과' }]);
    const versions = await b.use('read', async (c) => (await c.runAndReadAll('SELECT count(*)::INT AS n FROM schema_version')).getRowObjectsJS()[0]?.n);
    expect(versions).toBe(SCHEMA_VERSION);
  });

  it('opens a file written by a newer version read-only, and says so', async () => {
    const file = path.join(tempDir(), 'newer.duckdb');
    await (await Workspace.open(file, { create: true })).close();
    const inst = await DuckDBInstance.create(file);
    const c = await inst.connect();
    await c.run(`INSERT INTO schema_version VALUES (${SCHEMA_VERSION + 1}, now()::TIMESTAMP)`);
    c.closeSync();
    inst.closeSync();
    const ws = await Workspace.open(file);
    open.push(ws);
    expect(ws.readOnly).toBe(true);
    expect(ws.readOnlyReason).toMatch(/newer version of Sotong/);
    expect(() => ws.assertWritable()).toThrow(/newer version/);
    await expect(ws.use('write', (conn) => conn.run("INSERT INTO departments (department_id) VALUES ('X')"))).rejects.toThrow(/read-only/i);
  });

  it('refuses a missing path without creating it', async () => {
    const file = path.join(tempDir(), 'typo.duckdb');
    const msg = await rejectsWith(Workspace.open(file), 'NOT_FOUND');
    expect(msg).toContain('No workspace at');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a directory, a non-DuckDB file, and a plain DuckDB file with foreign tables', async () => {
    const dir = tempDir();
    expect(await rejectsWith(Workspace.open(dir), 'NOT_A_WORKSPACE')).toMatch(/is a folder/);
    const text = path.join(dir, 'notes.duckdb');
    fs.writeFileSync(text, 'this is not a database at all, just some text');
    expect(await rejectsWith(Workspace.open(text), 'NOT_A_WORKSPACE')).toMatch(/not a DuckDB database/);
    expect(fs.readFileSync(text, 'utf8')).toContain('not a database'); // untouched
    const foreign = path.join(dir, 'foreign.duckdb');
    const inst = await DuckDBInstance.create(foreign);
    const c = await inst.connect();
    await c.run('CREATE TABLE sales (x INT)');
    c.closeSync();
    inst.closeSync();
    expect(await rejectsWith(Workspace.open(foreign), 'NOT_A_WORKSPACE')).toMatch(/not a Sotong workspace/);
  });

  it('reports a file locked by another process', async () => {
    const file = path.join(tempDir(), 'locked.duckdb');
    await (await Workspace.open(file, { create: true })).close();
    const holder = spawn(process.execPath, [
      '-e',
      `const {DuckDBInstance}=require('@duckdb/node-api');DuckDBInstance.create(${JSON.stringify(file)}).then(()=>{console.log('locked');setTimeout(()=>{},30000)})`,
    ], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => holder.stdout.on('data', () => resolve()));
      expect(await rejectsWith(Workspace.open(file), 'WORKSPACE_LOCKED')).toMatch(/open in another program/);
    } finally {
      holder.kill();
    }
  });

  it('serializes work on a lane and cancels a running query', async () => {
    const ws = await Workspace.open(path.join(tempDir(), 'q.duckdb'), { create: true });
    open.push(ws);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((i) => ws.use('read', async () => { await new Promise((r) => setTimeout(r, 5 * (4 - i))); order.push(i); })));
    expect(order).toEqual([1, 2, 3]);
    const slow = ws.use('read', (c) => c.run('SELECT count(*) FROM range(100000000000) a'));
    await new Promise((r) => setTimeout(r, 200));
    ws.interrupt('read');
    await expect(slow).rejects.toThrow(/interrupt/i);
  });
});
