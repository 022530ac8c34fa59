import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { demoImportId, generateDemo, type DemoProgress } from '../../data/demo';
import { PROGRAMS } from '../../data/seoul';
import { main } from '../../src-main/cli/main';
import { SotongError } from '../../src-main/common/result';
import { VOCABULARIES } from '../../src-main/common/tables';
import { Workspace } from '../../src-main/engine/workspace';
import { tempDir } from '../helpers/workspace';

const open: Workspace[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function newWorkspace(): Promise<Workspace> {
  const ws = await Workspace.open(path.join(tempDir(), 'demo.duckdb'), { create: true });
  open.push(ws);
  return ws;
}

async function query(ws: Workspace, sql: string): Promise<Record<string, unknown>[]> {
  return ws.use('read', async (c) => (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]);
}
const one = async (ws: Workspace, sql: string): Promise<unknown> => Object.values((await query(ws, sql))[0] ?? {})[0];
const num = async (ws: Workspace, sql: string): Promise<number> => Number(await one(ws, sql));

const DATA_TABLES = ['departments', 'employees', 'events', 'participations', 'evaluations'];

/** Order-independent content checksum of every demo table (imports without its timestamp). */
async function checksum(ws: Workspace): Promise<string> {
  const parts: string[] = [];
  for (const t of DATA_TABLES) parts.push(String(await one(ws, `SELECT count(*) || ':' || sum(hash(t)::HUGEINT) FROM ${t} t`)));
  parts.push(String(await one(ws, 'SELECT string_agg(import_id || sha256 || format || kind || rows_read, \'|\') FROM imports')));
  return parts.join(' ');
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({ write: (c, _e, cb) => { chunks.push(Buffer.from(c)); cb(); } });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('generateDemo', () => {
  it('is deterministic: same seed and scale, same contents; another seed, other contents', async () => {
    const [a, b, c] = [await newWorkspace(), await newWorkspace(), await newWorkspace()];
    await generateDemo(a, { scale: 0.05, seed: 7 });
    await generateDemo(b, { scale: 0.05, seed: 7 });
    await generateDemo(c, { scale: 0.05, seed: 8 });
    const sa = await checksum(a);
    expect(sa).toBe(await checksum(b));
    expect(sa).not.toBe(await checksum(c));
  });

  it('writes referentially sane rows, all carrying the demo import_id', async () => {
    const ws = await newWorkspace();
    const { counts, importId } = await generateDemo(ws, { scale: 0.05, seed: 7 });
    expect(importId).toBe(demoImportId(7, 0.05));
    for (const t of DATA_TABLES) {
      expect(counts[t]).toBe(await num(ws, `SELECT count(*) FROM ${t}`));
      expect(counts[t]).toBeGreaterThan(0);
      expect(await num(ws, `SELECT count(*) FROM ${t} WHERE import_id IS DISTINCT FROM '${importId}'`)).toBe(0);
    }
    expect(await query(ws, 'SELECT import_id, format, kind, rows_rejected::INTEGER AS rows_rejected, length(sha256)::INTEGER AS sha_len FROM imports')).toEqual([
      { import_id: importId, format: 'generated', kind: 'demo', rows_rejected: 0, sha_len: 64 },
    ]);
    const zero = {
      'participation without its event': 'SELECT count(*) FROM participations p ANTI JOIN events e USING (event_id)',
      'event without participation': 'SELECT count(*) FROM events e ANTI JOIN participations p USING (event_id)',
      'participation in an unknown department': 'SELECT count(*) FROM participations p ANTI JOIN departments d USING (department_id)',
      'employee in an unknown department': 'SELECT count(*) FROM employees e ANTI JOIN departments d USING (department_id)',
      'participation of an unknown employee':
        'SELECT count(*) FROM participations p ANTI JOIN employees e USING (employee_id) WHERE p.employee_id IS NOT NULL',
      'participation outside employment':
        'SELECT count(*) FROM participations p JOIN employees m USING (employee_id) JOIN events e USING (event_id) ' +
        'WHERE e.occurred_on < m.hired_on OR e.occurred_on > m.left_on',
      'participation in another department than the employee’s':
        'SELECT count(*) FROM participations p JOIN employees m USING (employee_id) WHERE p.department_id <> m.department_id',
      'hours outside [0, 24]': 'SELECT count(*) FROM participations WHERE NOT hours BETWEEN 0 AND 24',
      'negative citizens_reached': 'SELECT count(*) FROM events WHERE citizens_reached < 0',
      'department-level row without a department': 'SELECT count(*) FROM participations WHERE employee_id IS NULL AND department_id IS NULL',
      'duplicate (event_id, employee_id)':
        'SELECT count(*) FROM (SELECT event_id, employee_id FROM participations WHERE employee_id IS NOT NULL GROUP BY ALL HAVING count(*) > 1)',
      'duplicate department-level (event_id, department_id)':
        'SELECT count(*) FROM (SELECT event_id, department_id FROM participations WHERE employee_id IS NULL GROUP BY ALL HAVING count(*) > 1)',
      'duplicate event_id': 'SELECT count(*) - count(DISTINCT event_id) FROM events',
      'duplicate employee_id': 'SELECT count(*) - count(DISTINCT employee_id) FROM employees',
      'event outside 2006-2024': "SELECT count(*) FROM events WHERE occurred_on NOT BETWEEN DATE '2006-01-01' AND DATE '2024-12-31'",
      'left before hired': 'SELECT count(*) FROM employees WHERE left_on < hired_on',
      'score outside [40, 100]': 'SELECT count(*) FROM evaluations WHERE NOT performance_score BETWEEN 40 AND 100',
      'evaluation outside 2012-2024 or outside employment':
        "SELECT count(*) FROM evaluations v JOIN employees e USING (employee_id) WHERE v.period NOT BETWEEN '2012' AND '2024' " +
        "OR e.hired_on > make_date(v.period::INTEGER, 12, 31) OR e.left_on < make_date(v.period::INTEGER, 1, 1)",
    };
    for (const [what, sql] of Object.entries(zero)) expect(await num(ws, sql), what).toBe(0);
    const vocab = async (sql: string): Promise<string[]> => (await query(ws, sql)).map((r) => String(Object.values(r)[0]));
    expect(VOCABULARIES.channel).toEqual(expect.arrayContaining(await vocab('SELECT DISTINCT channel FROM events')));
    expect(VOCABULARIES.outcome).toEqual(expect.arrayContaining(await vocab('SELECT DISTINCT outcome FROM events')));
    expect(VOCABULARIES.spectrum).toEqual(expect.arrayContaining(await vocab('SELECT DISTINCT spectrum FROM events')));
    expect(VOCABULARIES.role).toEqual(expect.arrayContaining(await vocab('SELECT DISTINCT role FROM participations')));
    expect(VOCABULARIES.stakeholder_groups).toEqual(expect.arrayContaining(await vocab('SELECT DISTINCT unnest(stakeholder_groups) FROM events')));
    expect(await num(ws, 'SELECT count(*) FROM events WHERE len(stakeholder_groups) = 0')).toBe(0);
  });

  it('starts and stops programs with their administrations', async () => {
    const ws = await newWorkspace();
    await generateDemo(ws, { scale: 0.05, seed: 7 });
    const contest = PROGRAMS.find((p) => p.name.includes('creative administration'))!.name;
    const park = PROGRAMS.filter((p) => p.administration === 'park-2011').map((p) => `'${p.name}'`).join(', ');
    const oh2021 = PROGRAMS.filter((p) => p.administration === 'oh-2021').map((p) => `'${p.name}'`).join(', ');
    expect(await num(ws, `SELECT count(*) FROM events WHERE program = '${contest}'`)).toBeGreaterThan(0);
    expect(await one(ws, `SELECT max(occurred_on)::VARCHAR < '2011-10-27' FROM events WHERE program = '${contest}'`)).toBe(true);
    expect(await num(ws, `SELECT count(DISTINCT program) FROM events WHERE program IN (${park})`)).toBe(9);
    expect(await num(ws, `SELECT count(*) FROM events WHERE program IN (${park}) AND occurred_on < DATE '2011-10-27'`)).toBe(0);
    expect(await num(ws, `SELECT count(*) FROM events WHERE program IN (${oh2021}) AND occurred_on < DATE '2021-04-08'`)).toBe(0);
    // Some Park programs end after 2021 (youth network 2022, Democracy Seoul 2022); others run on.
    const lastYears = await query(ws, `SELECT program, year(max(occurred_on))::INTEGER AS y FROM events WHERE program IN (${park}) GROUP BY ALL`);
    expect(lastYears.filter((r) => Number(r.y) === 2022).length).toBeGreaterThanOrEqual(2);
    expect(lastYears.filter((r) => Number(r.y) === 2024).length).toBeGreaterThanOrEqual(2);
  });

  it('has the documented shape at scale 1: departments, bureaus, advisors, staff, volumes', async () => {
    const ws = await newWorkspace();
    const { counts } = await generateDemo(ws);
    expect(counts.departments).toBe(30);
    expect(await num(ws, 'SELECT count(DISTINCT bureau) FROM departments')).toBe(8);
    expect(await num(ws, "SELECT count(*) FROM departments WHERE advisor_since BETWEEN DATE '2012-01-01' AND DATE '2015-12-31'")).toBe(8);
    expect(counts.employees).toBe(2500);
    expect(await num(ws, "SELECT count(DISTINCT grade) FROM employees WHERE grade IN ('5급', '6급', '7급', '8급', '9급')")).toBe(5);
    expect(await num(ws, 'SELECT count(*) FROM employees WHERE left_on IS NOT NULL')).toBeGreaterThan(500);
    expect(await num(ws, "SELECT count(*) FROM employees WHERE hired_on >= DATE '2006-01-01'")).toBeGreaterThan(800);
    expect(counts.participations).toBeGreaterThan(280_000);
    expect(counts.participations).toBeLessThan(380_000);
    // 2019 evaluations ×30 ≈ the 50,000 the evaluation benchmark needs at --scale 30.
    expect(await num(ws, "SELECT count(*) FROM evaluations WHERE period = '2019'")).toBeGreaterThan(1550);
    const cross = await num(ws, 'SELECT avg((n > 1)::INT) FROM (SELECT count(DISTINCT department_id) AS n FROM participations GROUP BY event_id)');
    expect(cross).toBeGreaterThan(0.12);
    expect(cross).toBeLessThan(0.2);
    const deptLevel = await num(ws, 'SELECT avg((employee_id IS NULL)::INT) FROM participations');
    expect(deptLevel).toBeGreaterThan(0.01);
    expect(deptLevel).toBeLessThan(0.03);
    expect(await one(ws, 'SELECT min(hours) >= 0.5 AND max(hours) <= 8 FROM participations')).toBe(true);
    expect(await one(ws, 'SELECT min(n) = 1 AND max(n) = 12 FROM (SELECT count(*) AS n FROM participations GROUP BY event_id)')).toBe(true);
  });

  it('refuses a workspace that already has data, and leaves it as it was', async () => {
    const ws = await newWorkspace();
    await ws.use('write', (c) => c.run("INSERT INTO departments (department_id, name) VALUES ('X1', 'mine')"));
    await expect(generateDemo(ws, { scale: 0.05 })).rejects.toThrow(/only into an empty workspace.*departments/);
    expect(await query(ws, 'SELECT department_id FROM departments')).toEqual([{ department_id: 'X1' }]);
    await expect(generateDemo(await newWorkspace(), { scale: 0 })).rejects.toThrow(/scale must be/);
  });

  it('rolls everything back when aborted, between statements or inside one, and can run again', async () => {
    const ws = await newWorkspace();
    const empty = async (): Promise<void> => {
      for (const t of [...DATA_TABLES, 'imports']) expect(await num(ws, `SELECT count(*) FROM ${t}`), t).toBe(0);
      expect(await num(ws, 'SELECT count(*) FROM administrations')).toBe(6);
    };
    const between = new AbortController();
    const seen: DemoProgress[] = [];
    const run1 = generateDemo(ws, {
      scale: 0.05,
      signal: between.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.phase === 'events') between.abort();
      },
    });
    await expect(run1).rejects.toSatisfy((e: unknown) => e instanceof SotongError && e.code === 'CANCELLED');
    expect(seen.map((p) => p.phase)).toEqual(['catalogues', 'employees', 'rosters', 'events']);
    await empty();

    // Abort 50 ms into the participations statement of a scale-1 run (it takes ≥ 0.5 s).
    const inside = new AbortController();
    const run2 = generateDemo(ws, {
      signal: inside.signal,
      onProgress: (p) => {
        if (p.phase === 'participations') setTimeout(() => inside.abort(), 50);
      },
    });
    await expect(run2).rejects.toSatisfy((e: unknown) => e instanceof SotongError && e.code === 'CANCELLED');
    await empty();

    const again = await generateDemo(ws, { scale: 0.05 });
    expect(again.counts.events).toBeGreaterThan(0);
  });
});

describe('demo CLI', () => {
  it('creates a new workspace (exit 0, counts as JSON), refuses a non-empty one (exit 1), checks its options (exit 2)', async () => {
    const file = path.join(tempDir(), 'cli.duckdb');
    const out = sink();
    const err = sink();
    expect(await main(['demo', '--workspace', file, '--scale', '0.02', '--seed', '3'], out.stream, err.stream)).toBe(0);
    const counts = JSON.parse(out.text()) as Record<string, number>;
    expect(Object.keys(counts).sort()).toEqual(['departments', 'employees', 'evaluations', 'events', 'imports', 'participations']);
    expect(counts.employees).toBe(50);
    expect(err.text()).toMatch(/demo: participations/);
    expect(err.text()).toContain('demo-3-0.02');

    const err2 = sink();
    const out2 = sink();
    expect(await main(['demo', '--workspace', file, '--scale', '0.02'], out2.stream, err2.stream)).toBe(1);
    expect(err2.text()).toMatch(/only into an empty workspace/);
    expect(out2.text()).toBe('');

    const other = path.join(tempDir(), 'x.duckdb');
    expect(await main(['demo', '--workspace', other, '--scale', 'big'], sink().stream, sink().stream)).toBe(2);
    expect(await main(['demo', '--workspace', other, '--seed', '-1'], sink().stream, sink().stream)).toBe(2);
    expect(fs.existsSync(other)).toBe(false);

    const notes = path.join(tempDir(), 'notes.duckdb');
    fs.writeFileSync(notes, 'not a database');
    expect(await main(['demo', '--workspace', notes, '--scale', '0.02'], sink().stream, sink().stream)).toBe(1);
    expect(fs.readFileSync(notes, 'utf8')).toBe('not a database');
  });
});

describe('data/samples', () => {
  const dir = path.join(import.meta.dirname, '../../data/samples');
  const files = ['participations.csv', 'participations-cp949.csv', 'employees.csv', 'departments.csv', 'evaluations.csv', 'administrations.csv'];

  it('are small, and the UTF-8 one has the canonical English headers', () => {
    for (const f of files) {
      const size = fs.statSync(path.join(dir, f)).size;
      expect(size, f).toBeGreaterThan(500);
      expect(size, f).toBeLessThan(100_000);
    }
    const header = fs.readFileSync(path.join(dir, 'participations.csv'), 'utf8').split('\n')[0];
    expect(header).toBe('event_id,occurred_on,channel,program,citizens_reached,stakeholder_groups,outcome,spectrum,employee_id,department_id,role,hours');
  });

  it('has a CP949 file with Korean headers and values that is not valid UTF-8', () => {
    const bytes = fs.readFileSync(path.join(dir, 'participations-cp949.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = new TextDecoder('euc-kr', { fatal: true }).decode(bytes);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('행사번호,일자,채널,사업명,참여인원,이해관계자,성과,참여수준,사번,부서코드,역할,시간');
    expect(lines.length).toBeGreaterThan(200);
    for (const word of ['포럼', '위원회', '온라인', '주민']) expect(text).toContain(word);
  });
});
