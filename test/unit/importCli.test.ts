import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { tempDir } from '../helpers/workspace';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (c: Buffer) => chunks.out.push(c));
  err.on('data', (c: Buffer) => chunks.err.push(c));
  const code = await main(args, out, err);
  return { code, out: Buffer.concat(chunks.out).toString('utf8'), err: Buffer.concat(chunks.err).toString('utf8') };
}

describe('CLI import / imports', () => {
  it('creates the workspace, imports, lists, refuses a bad file with exit 1, and undoes', async () => {
    const d = tempDir('sotong-import-cli-');
    const w = path.join(d, 'w.duckdb');
    const good = path.join(d, 'good.csv');
    fs.writeFileSync(good, 'id,날짜,채널,직원\nE1,2019-03-05,포럼,P1\nE2,2019-03-06,온라인,P2\n');
    const r = await cli('import', '--workspace', w, '--map', 'id=event_id,직원=employee_id', good);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ status: 'committed', rows_read: 2, rows_accepted: 2, inserted: { events: 2, participations: 2 } });

    const bad = path.join(d, 'bad.csv');
    fs.writeFileSync(bad, 'event_id,occurred_on,employee_id,hours\nE3,2019-03-05,P1,-2\n');
    const rejected = await cli('import', '--workspace', w, bad);
    expect(rejected.code).toBe(1);
    expect(JSON.parse(rejected.out)).toMatchObject({ status: 'rejected', problem_count: 1 });
    expect(rejected.err).toContain('bad.csv: row 2, hours: hours must be between 0 and 24 ("-2")');

    const list = await cli('imports', '--workspace', w);
    expect(list.code).toBe(0);
    const lines = list.out.trim().split('\n');
    expect(lines[0]).toBe('import_id,source_name,sha256,format,kind,rows_read,rows_accepted,rows_rejected,imported_at');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^${report.import_id},good\\.csv,${report.sha256},csv,participations,2,2,0,`));

    const undo = await cli('imports', '--workspace', w, 'undo', report.import_id);
    expect(undo.code).toBe(0);
    expect(JSON.parse(undo.out).removed).toMatchObject({ events: 2, participations: 2, imports: 1 });
    const info = await cli('info', '--workspace', w, '--format', 'csv');
    expect(info.out).toContain('events,0\n');
    expect(info.out).toContain('participations,0\n');
  });

  it('checks its options (exit 2) and reports a missing file (exit 1)', async () => {
    const d = tempDir('sotong-import-cli-');
    const w = path.join(d, 'w.duckdb');
    expect((await cli('import', '--workspace', w)).code).toBe(2);
    expect((await cli('import', '--workspace', w, '--on-error', 'maybe', 'x.csv')).code).toBe(2);
    expect((await cli('import', '--workspace', w, '--map', 'nonsense', 'x.csv')).code).toBe(2);
    expect(fs.existsSync(w)).toBe(false); // usage errors create nothing
    const missing = await cli('import', '--workspace', w, path.join(d, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/No file at .*nope\.csv\. \[NOT_FOUND\]/);
    expect((await cli('imports', '--workspace', w, 'undo')).code).toBe(2);
    expect((await cli('imports', '--workspace', path.join(d, 'none.duckdb'))).code).toBe(1);
  });
});
