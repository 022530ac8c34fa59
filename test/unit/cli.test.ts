/** The CLI's workspace commands: init, info, sql; exit codes 0/1/2; no accidental workspaces. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src-main/common/tables';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';

describe('cli', () => {
  it('init creates a workspace, then sql answers [{"answer":42}] as JSON', async () => {
    const w = path.join(tempDir(), 'W.duckdb');
    const init = await runCli('init', '--workspace', w);
    expect(init.code).toBe(0);
    expect(init.stderr).toContain('Workspace ready');
    expect(fs.existsSync(w)).toBe(true);
    const sql = await runCli('sql', '--workspace', w, 'select 42 as answer', '--format', 'json');
    expect(sql).toMatchObject({ code: 0, stdout: '[{"answer":42}]\n' });
  });

  it('prints CSV by default and info as JSON', async () => {
    const w = path.join(tempDir(), 'W.duckdb');
    await runCli('init', '--workspace', w);
    const csv = await runCli('sql', '--workspace', w, "select administration_id, starts_on from administrations where administration_id like 'park%'");
    expect(csv.stdout).toBe('administration_id,starts_on\npark-2011,2011-10-27\n');
    const info = await runCli('info', '--workspace', w);
    expect(JSON.parse(info.stdout)).toMatchObject({ schemaVersion: SCHEMA_VERSION, readOnly: false });
  });

  it('refuses a missing workspace with exit 1 and creates nothing', async () => {
    const w = path.join(tempDir(), 'typo.duckdb');
    for (const cmd of [['info'], ['sql', 'select 1']]) {
      const r = await runCli(cmd[0]!, '--workspace', w, ...cmd.slice(1));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('No workspace at');
    }
    expect(fs.existsSync(w)).toBe(false);
  });

  it('exits 1 on a refused statement, naming its type', async () => {
    const w = path.join(tempDir(), 'W.duckdb');
    await runCli('init', '--workspace', w);
    const r = await runCli('sql', '--workspace', w, 'DELETE FROM events');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/DELETE statement is refused/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 on usage errors', async () => {
    expect((await runCli()).code).toBe(2);
    expect((await runCli('frobnicate')).code).toBe(2);
    expect((await runCli('info')).code).toBe(2); // no --workspace
    expect((await runCli('info', '--workspace', 'x', '--bogus')).code).toBe(2);
    expect((await runCli('sql', '--workspace', 'x', 'select 1', '--format', 'xml')).code).toBe(2);
  });
});
