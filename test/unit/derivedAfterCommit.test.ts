/**
 * An import commits its rows first and refreshes the derived tables in a
 * transaction of its own (derived.ts commitThenRefresh): the screens' reads
 * wait for the refresh, a crash between the two commits is repaired on the
 * next open, and a failed refresh leaves the rows committed and the mark set.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { ImportOptions, ImportReport, SummariesStatus } from '../../src-main/common/importApi';
import { commitThenRefresh, isDerivedStale, markDerivedStale, refreshDerived } from '../../src-main/engine/derived';
import { Engine } from '../../src-main/engine/engine';
import { runImport, type JobControl } from '../../src-main/engine/import/run';
import { closeAfterEach, newEngine, seed, tempDir } from '../helpers/workspace';

const track = closeAfterEach();
const ROOT = path.resolve(import.meta.dirname, '../..');

const HEADER = 'event_id,occurred_on,channel,program,citizens_reached,stakeholder_groups,outcome,employee_id,department_id,role,hours';
/** Three events of D1 in 2019, two staff each. */
const LOG = [HEADER, ...[1, 2, 3].flatMap((i) => [`E${i},2019-0${i}-10,forum,P,10,residents,none,a${i},D1,host,2`, `E${i},2019-0${i}-10,forum,P,10,residents,none,b${i},D1,participant,1`])].join('\n');

/** A workspace with D1 and one earlier event (so the derived tables are not empty: the refresh is incremental). */
async function fixture(file?: string): Promise<{ engine: Engine; csv: string }> {
  const engine = track(await newEngine(file));
  await seed(
    engine,
    `INSERT INTO departments VALUES ('D1', 'One', NULL, 'B1', NULL, NULL)`,
    `INSERT INTO events (event_id, occurred_on, channel, program, citizens_reached) VALUES ('E0', DATE '2019-01-02', 'forum', 'P', 5)`,
    `INSERT INTO participations (event_id, employee_id, department_id, hours) VALUES ('E0', 'z', 'D1', 1)`,
  );
  const csv = path.join(tempDir('sotong-after-commit-'), 'log.csv');
  fs.writeFileSync(csv, LOG);
  return { engine, csv };
}

const OPTIONS: ImportOptions = { path: '', onError: 'reject', onConflict: 'reject', pseudonymize: false };

function control(extra: Partial<JobControl>): JobControl {
  return { setPhase: () => undefined, onStage: () => undefined, onRows: () => undefined, onSqlProgress: () => undefined, isAborted: () => false, committing: false, ...extra };
}

async function totals(engine: Engine): Promise<{ events: number; hours: number }> {
  const r = await engine.api().departmentTotals({ scope: { from: '2019-01-01', to: '2019-12-31' } });
  if (!r.ok) throw new Error(r.error.message);
  return { events: r.value.events, hours: r.value.hours };
}

describe('the derived tables after an import’s commit', () => {
  it('are refreshed after the rows are committed, and a screen read issued at the commit waits for them', async () => {
    const { engine, csv } = await fixture();
    expect(await totals(engine)).toEqual({ events: 1, hours: 1 });
    let atCommit: Promise<unknown> | undefined;
    let consoleAtCommit: Promise<unknown> | undefined;
    const summaries: SummariesStatus['state'][] = [];
    const report = await runImport(
      engine.workspace,
      { ...OPTIONS, path: csv },
      control({
        onCommitted: () => {
          // Issued between the two commits: the screen read is held, the console is not.
          atCommit = totals(engine);
          consoleAtCommit = engine.api().sql({ sql: 'SELECT count(*)::INTEGER AS n FROM participations' });
        },
        onSummaries: (s) => summaries.push(s.state),
      }),
    );
    expect(report.status).toBe('committed');
    // Without the hold, the read would run on the new rows and the old derived tables: 1 event.
    expect(await atCommit).toEqual({ events: 4, hours: 10 });
    expect(await consoleAtCommit).toMatchObject({ ok: true });
    expect(summaries[0]).toBe('updating');
    expect(summaries.at(-1)).toBe('ready');
    expect(await engine.workspace.use('read', (c) => isDerivedStale(c))).toBe(false);
  });

  it('are rebuilt on the next open when the process died between the two commits', async () => {
    const dir = tempDir('sotong-crash-');
    const file = path.join(dir, 'w.duckdb');
    const { engine, csv } = await fixture(file);
    await engine.close();
    // A child process imports the log and is killed right after the commit of the rows.
    const script = path.join(dir, 'crash.mts');
    fs.writeFileSync(
      script,
      `import { Engine } from ${JSON.stringify(path.join(ROOT, 'src-main/engine/engine.ts'))};
       import { runImport } from ${JSON.stringify(path.join(ROOT, 'src-main/engine/import/run.ts'))};
       const engine = await Engine.open(${JSON.stringify(file)});
       await runImport(engine.workspace, ${JSON.stringify({ ...OPTIONS, path: csv })}, {
         setPhase() {}, onStage() {}, onRows() {}, onSqlProgress() {}, isAborted: () => false, committing: false,
         onCommitted: () => process.kill(process.pid, 'SIGKILL'),
       });
       console.log('not killed');`,
    );
    const child = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { cwd: ROOT }).then(
      () => 'exited',
      (e: { signal?: string; stderr?: string }) => e.signal ?? e.stderr,
    );
    expect(child).toBe('SIGKILL');
    // As the crash left it: the rows committed, the mark set, the derived tables one event behind.
    const instance = await DuckDBInstance.create(file);
    const conn = await instance.connect();
    const one = async (sql: string) => Number((await conn.runAndReadAll(sql)).getRows()[0]![0]);
    expect(await one('SELECT count(*) FROM events')).toBe(4);
    expect(await one(`SELECT count(*) FROM settings WHERE key = 'derived_stale'`)).toBe(1);
    expect(await one('SELECT count(DISTINCT event_key) FROM d_event_departments')).toBe(1);
    conn.closeSync();
    instance.closeSync();
    // The next open repairs them.
    const reopened = track(await Engine.open(file));
    expect(await totals(reopened)).toEqual({ events: 4, hours: 10 });
    expect(await reopened.workspace.use('read', (c) => isDerivedStale(c))).toBe(false);
  });

  it('failing leaves the rows committed and the mark set, and the next refresh is a full one', async () => {
    const { engine, csv } = await fixture();
    const ws = engine.workspace;
    const outcome = await ws.use('write', async (conn) => {
      await conn.run('BEGIN TRANSACTION');
      await conn.run(`INSERT INTO events (event_id, occurred_on, channel, program, citizens_reached) VALUES ('F1', DATE '2019-06-01', 'forum', 'P', 1)`);
      await conn.run(`INSERT INTO participations (event_id, employee_id, department_id, hours) VALUES ('F1', 'f', 'D1', 4)`);
      expect(await markDerivedStale(conn, 'test')).toEqual({ alreadyStale: false });
      return commitThenRefresh(conn, {
        holdReads: () => ws.holdReads(),
        refresh: async () => {
          throw new Error('disk full');
        },
      });
    });
    expect(outcome).toEqual({ ok: false, message: 'disk full' });
    const events = await engine.api().sql({ sql: 'SELECT count(*)::INTEGER AS n FROM events' });
    expect(events.ok && events.value.byteLength > 0).toBe(true);
    expect(await ws.use('read', (c) => isDerivedStale(c))).toBe(true);
    // The derived tables still lag F1 ...
    expect(await totals(engine)).toEqual({ events: 1, hours: 1 });
    // ... until the next import, which sees the mark and rebuilds them in full (F1 included).
    const report = await engine.api().importRun({ path: csv });
    expect(report).toMatchObject({ ok: true, value: { status: 'committed' } as Partial<ImportReport> });
    expect(await totals(engine)).toEqual({ events: 5, hours: 14 });
    expect(await ws.use('read', (c) => isDerivedStale(c))).toBe(false);
    // And they equal a rebuild from scratch.
    const snapshot = () => ws.use('read', async (c) => (await c.runAndReadAll('SELECT * FROM d_month_departments ORDER BY ALL')).getRowObjectsJS());
    const before = await snapshot();
    await ws.use('write', (c) => refreshDerived(c));
    expect(await snapshot()).toEqual(before);
  });
});
