/**
 * Pseudonymized imports: the original employee ids are nowhere in the
 * workspace — not in any table (checked by SQL over every text column) and
 * not in the bytes of the database file (checked by grep, with a positive
 * control proving the grep can see an id that was stored).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine/engine';
import { pseudonym } from '../../src-main/engine/secrets';
import { tempDir } from '../helpers/workspace';

const ids = Array.from({ length: 40 }, (_, i) => `SEOUL-EMP-${String(900100 + i)}`);

function fileBytesContain(file: string, needle: string): boolean {
  const hay = [file, `${file}.wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));
  return hay.some((b) => b.includes(Buffer.from(needle, 'utf8')));
}

describe('pseudonymization', () => {
  it('stores keyed hashes only, the same person getting the same pseudonym across imports', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'p.duckdb');
    const staff = path.join(dir, 'staff.csv');
    fs.writeFileSync(staff, 'employee_id,department_id,grade,hired_on\n' + ids.map((id) => `${id},D01,7급,2015-03-02`).join('\n') + '\n');
    const log = path.join(dir, 'log.csv');
    fs.writeFileSync(log, 'event_id,occurred_on,channel,employee_id,department_id,hours\n' + ids.map((id, i) => `EV${i},2019-05-0${(i % 9) + 1},forum,${id},D01,1.5`).join('\n') + '\n');
    // Positive control: an id imported without pseudonymization IS visible to the grep below.
    const control = path.join(dir, 'control.csv');
    fs.writeFileSync(control, 'employee_id,department_id,grade,hired_on\nCONTROL-PLAIN-77777,D02,6급,2011-01-03\n');

    const engine = await Engine.open(ws, { create: true });
    const secret = engine.workspace.pseudonymSecret();
    for (const f of [staff, log]) {
      const r = await engine.api().importRun({ path: f, pseudonymize: true });
      expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    }
    expect((await engine.api().importRun({ path: control })).ok).toBe(true);
    const rows = async (sql: string) => {
      const r = await engine.api().sql({ sql });
      if (!r.ok) throw new Error(r.error.message);
      const { arrowRows } = await import('../../src-main/cli/format');
      return arrowRows(r.value).rows;
    };
    // Same person, same pseudonym in employees and participations: the join works.
    const joined = await rows('SELECT count(*)::INT AS n FROM participations p JOIN employees e USING (employee_id)');
    expect(joined[0]!.n).toBe(40);
    expect((await rows("SELECT employee_id FROM employees WHERE employee_id <> 'CONTROL-PLAIN-77777' ORDER BY 1 LIMIT 1"))[0]!.employee_id).toMatch(/^p_[0-9a-f]{20}$/);
    expect(await rows(`SELECT count(*)::INT AS n FROM employees WHERE employee_id = '${pseudonym(secret, ids[0]!)}'`)).toEqual([{ n: 1 }]);
    // No text column of any table holds an original id.
    const textColumns = await rows(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main' AND data_type IN ('VARCHAR', 'JSON', 'VARCHAR[]')",
    );
    for (const { table_name, column_name } of textColumns) {
      const hits = await rows(`SELECT count(*)::INT AS n FROM "${table_name}" WHERE "${column_name}"::VARCHAR LIKE '%SEOUL-EMP-%'`);
      expect(hits[0]!.n, `${table_name}.${column_name}`).toBe(0);
    }
    await engine.close();
    // The secret is not in the file either, and no original id is in its bytes.
    for (const id of ids) expect(fileBytesContain(ws, id), id).toBe(false);
    expect(fileBytesContain(ws, secret.toString('hex'))).toBe(false);
    expect(fileBytesContain(ws, 'CONTROL-PLAIN-77777')).toBe(true);
  });
});
