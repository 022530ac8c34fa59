import path from 'node:path';
import { PassThrough } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../src-main/common/result';
import { SCHEMA_VERSION } from '../../src-main/common/tables';
import { arrowRows } from '../../src-main/cli/format';
import { main } from '../../src-main/cli/main';
import { Engine } from '../../src-main/engine/engine';
import { newEngine, tempDir } from '../helpers/workspace';

let engine: Engine;
beforeEach(async () => {
  engine = await newEngine();
});
afterEach(() => engine.close());

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}
async function failure(p: Promise<Result<unknown>>, code = 'VALIDATION'): Promise<string> {
  const r = await p;
  expect(r.ok).toBe(false);
  if (r.ok) return '';
  expect(r.error.code).toBe(code);
  return r.error.message;
}
const list = async (e = engine) => arrowRows(value(await e.api().listAdministrations({})));

describe('administrations', () => {
  it('lists the SPEC Seoul defaults by starts_on', async () => {
    const { columns, rows } = await list();
    expect(columns).toEqual(['administration_id', 'name', 'head', 'starts_on', 'ends_on', 'agenda']);
    expect(rows.map((r) => [r.administration_id, r.head, r.starts_on, r.ends_on])).toEqual([
      ['lee-2002', 'Lee Myung-bak', '2002-07-01', '2006-06-30'],
      ['oh-2006', 'Oh Se-hoon', '2006-07-01', '2011-08-26'],
      ['kwon-2011', 'Kwon Young-gyu', '2011-08-27', '2011-10-26'],
      ['park-2011', 'Park Won-soon', '2011-10-27', '2020-07-09'],
      ['seo-2020', 'Seo Jeong-hyup', '2020-07-10', '2021-04-07'],
      ['oh-2021', 'Oh Se-hoon', '2021-04-08', null],
    ]);
  });

  it('adds an administration in a gap and records it in the audit log', async () => {
    const added = value(await engine.api().addAdministration({ administration_id: 'goh-1998', name: 'Goh Kun administration', head: 'Goh Kun', starts_on: '1998-07-01', ends_on: '2002-06-30', agenda: 'IMF crisis recovery' }));
    expect(added).toEqual({ administration_id: 'goh-1998', name: 'Goh Kun administration', head: 'Goh Kun', starts_on: '1998-07-01', ends_on: '2002-06-30', agenda: 'IMF crisis recovery' });
    expect((await list()).rows[0]).toEqual(added);
    const audit = await engine.workspace.use('read', async (c) => (await c.runAndReadAll("SELECT action, details->>'administration_id' AS id FROM audit_log")).getRowObjectsJS());
    expect(audit).toEqual([{ action: 'administration.add', id: 'goh-1998' }]);
  });

  it('refuses a duplicate id, an inverted period and an overlap, naming both administrations', async () => {
    expect(await failure(engine.api().addAdministration({ administration_id: 'park-2011', starts_on: '1990-01-01', ends_on: '1990-12-31' })))
      .toBe('An administration with id park-2011 (Park Won-soon administration, 2011-10-27 to 2020-07-09) already exists; ids are unique.');
    expect(await failure(engine.api().addAdministration({ administration_id: 'x', starts_on: '1999-05-01', ends_on: '1999-04-30' })))
      .toBe('Administration x: ends_on 1999-04-30 is before starts_on 1999-05-01 (the period is inverted).');
    expect(await failure(engine.api().addAdministration({ administration_id: 'x', name: 'Overlapping', starts_on: '2011-01-01', ends_on: '2011-09-30' })))
      .toBe('Administration x (Overlapping, 2011-01-01 to 2011-09-30) overlaps administration oh-2006 (Oh Se-hoon administration, 2006-07-01 to 2011-08-26).');
    // An inclusive end: ending on the day the next one starts is an overlap, the day before is not.
    expect(await failure(engine.api().addAdministration({ administration_id: 'x', starts_on: '2002-01-01', ends_on: '2002-07-01' }))).toMatch(/overlaps administration lee-2002/);
    value(await engine.api().addAdministration({ administration_id: 'x', starts_on: '2002-01-01', ends_on: '2002-06-30' }));
    // After an open administration: it must be closed first.
    expect(await failure(engine.api().addAdministration({ administration_id: 'next', starts_on: '2026-07-01' })))
      .toBe('Administration next (2026-07-01 to open) overlaps administration oh-2021 (Oh Se-hoon administration (2nd), 2021-04-08 to open). Close oh-2021 first (set its ends_on before 2026-07-01).');
    expect((await list()).rows).toHaveLength(7);
  });

  it('refuses malformed ids and dates at the schema', async () => {
    expect(await failure(engine.api().addAdministration({ administration_id: 'a b', starts_on: '2030-01-01' }))).toMatch(/administration_id: may hold only letters/);
    expect(await failure(engine.api().addAdministration({ administration_id: 'a', starts_on: '2030-02-30' }))).toMatch(/starts_on: is not a real calendar date/);
    expect(await failure(engine.api().addAdministration({ administration_id: 'a' } as never))).toMatch(/starts_on/);
  });

  it('renames, re-dates, changes the agenda and reopens, keeping fields not given', async () => {
    value(await engine.api().updateAdministration({ administration_id: 'oh-2021', ends_on: '2026-06-30' }));
    const renamed = value(await engine.api().updateAdministration({ administration_id: 'kwon-2011', name: 'Acting mayor Kwon', agenda: null }));
    expect(renamed).toEqual({ administration_id: 'kwon-2011', name: 'Acting mayor Kwon', head: 'Kwon Young-gyu', starts_on: '2011-08-27', ends_on: '2011-10-26', agenda: null });
    value(await engine.api().addAdministration({ administration_id: 'next', starts_on: '2026-07-01' }));
    const rows = (await list()).rows;
    expect(rows.find((r) => r.administration_id === 'oh-2021')?.ends_on).toBe('2026-06-30');
    expect(rows.find((r) => r.administration_id === 'kwon-2011')?.name).toBe('Acting mayor Kwon');
    // Moving a start into the previous administration is an overlap, naming both.
    expect(await failure(engine.api().updateAdministration({ administration_id: 'park-2011', starts_on: '2011-10-01' })))
      .toBe('Administration park-2011 (Park Won-soon administration, 2011-10-01 to 2020-07-09) overlaps administration kwon-2011 (Acting mayor Kwon, 2011-08-27 to 2011-10-26).');
    expect(await failure(engine.api().updateAdministration({ administration_id: 'seo-2020', ends_on: '2020-01-01' }))).toMatch(/ends_on 2020-01-01 is before starts_on 2020-07-10/);
    // Reopening oh-2021 would overlap "next".
    expect(await failure(engine.api().updateAdministration({ administration_id: 'oh-2021', ends_on: null }))).toMatch(/oh-2021 .* overlaps administration next/);
    expect(await failure(engine.api().updateAdministration({ administration_id: 'ghost', name: 'x' }))).toMatch(/There is no administration "ghost"/);
  });

  it('deletes by id and refuses an unknown one', async () => {
    expect(value(await engine.api().deleteAdministration({ administration_id: 'kwon-2011' }))).toEqual({ deleted: 'kwon-2011' });
    expect((await list()).rows.map((r) => r.administration_id)).not.toContain('kwon-2011');
    expect(await failure(engine.api().deleteAdministration({ administration_id: 'kwon-2011' }))).toMatch(/There is no administration "kwon-2011". Known: lee-2002, oh-2006, park-2011/);
  });

  it('refuses edits on a read-only workspace', async () => {
    const file = path.join(tempDir(), 'newer.duckdb');
    await (await Engine.open(file, { create: true })).close();
    const inst = await DuckDBInstance.create(file);
    const c = await inst.connect();
    await c.run(`INSERT INTO schema_version VALUES (${SCHEMA_VERSION + 1}, now()::TIMESTAMP)`);
    c.closeSync();
    inst.closeSync();
    const ro = await Engine.open(file);
    try {
      expect(await failure(ro.api().deleteAdministration({ administration_id: 'kwon-2011' }), 'READ_ONLY')).toMatch(/newer version/);
      expect((await list(ro)).rows).toHaveLength(6);
    } finally {
      await ro.close();
    }
  });
});

async function cli(args: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d) => (o += String(d)));
  err.on('data', (d) => (e += String(d)));
  const code = await main(args, out, err);
  return { code, out: o, err: e };
}

describe('CLI administrations', () => {
  it('lists as CSV, adds, updates and deletes, with exit codes', async () => {
    const file = engine.workspace.path;
    await engine.close();
    try {
      const l = await cli(['administrations', '--workspace', file]);
      expect(l.code).toBe(0);
      const lines = l.out.trim().split('\n');
      expect(lines[0]).toBe('administration_id,name,head,starts_on,ends_on,agenda');
      expect(lines[6]).toBe('oh-2021,Oh Se-hoon administration (2nd),Oh Se-hoon,2021-04-08,,Seoul vision 2030');

      const closed = await cli(['administrations', 'update', '--workspace', file, '--id', 'oh-2021', '--ends-on', '2026-06-30']);
      expect(closed.code).toBe(0);
      expect(JSON.parse(closed.out).ends_on).toBe('2026-06-30');
      const add = await cli(['administrations', 'add', '--workspace', file, '--id', 'next', '--starts-on', '2026-07-01', '--name', 'Next']);
      expect(add.code).toBe(0);
      expect(JSON.parse(add.out)).toMatchObject({ administration_id: 'next', starts_on: '2026-07-01', ends_on: null, name: 'Next' });
      const overlap = await cli(['administrations', 'add', '--workspace', file, '--id', 'x', '--starts-on', '2026-08-01', '--ends-on', '2026-09-01']);
      expect(overlap.code).toBe(1);
      expect(overlap.err).toMatch(/overlaps administration next .*\[VALIDATION\]/);
      const del = await cli(['administrations', 'delete', '--workspace', file, '--id', 'next']);
      expect(del.code).toBe(0);
      expect(JSON.parse(del.out)).toEqual({ deleted: 'next' });
      const reopen = await cli(['administrations', 'update', '--workspace', file, '--id', 'oh-2021', '--ends-on', 'open']);
      expect(JSON.parse(reopen.out).ends_on).toBeNull();

      expect((await cli(['administrations', 'add', '--workspace', file, '--id', 'y'])).code).toBe(2); // no --starts-on
      expect((await cli(['administrations', 'delete', '--workspace', file])).code).toBe(2); // no --id
      expect((await cli(['administrations', 'rename', '--workspace', file, '--id', 'y'])).code).toBe(2);
      expect((await cli(['administrations', '--workspace', file, '--bogus'])).code).toBe(2);
      expect((await cli(['administrations', 'delete', '--workspace', file, '--id', 'ghost'])).code).toBe(1);
    } finally {
      engine = await Engine.open(file);
    }
  });
});
