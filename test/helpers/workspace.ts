/**
 * Real DuckDB workspace files for tests, in a fresh temp folder each time.
 * `seed` writes fixture rows straight into the tables (bypassing import), so
 * metric tests control exactly what the workspace holds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { refreshDerived } from '../../src-main/engine/derived';
import { Engine } from '../../src-main/engine/engine';

export function tempDir(prefix = 'sotong-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function newEngine(file = path.join(tempDir(), 'w.duckdb')): Promise<Engine> {
  return Engine.open(file, { create: true });
}

/**
 * Runs fixture SQL (INSERTs) on the workspace's write connection, then
 * rebuilds the derived tables as every import does.
 */
export async function seed(engine: Engine, ...statements: string[]): Promise<void> {
  await engine.workspace.use('write', async (conn) => {
    for (const s of statements) await conn.run(s);
    await refreshDerived(conn);
  });
}

/**
 * Engines a test file opens, closed after each test:
 * `const track = closeAfterEach();` then `const e = track(await newEngine());`.
 */
export function closeAfterEach(): <E extends Engine>(engine: E) => E {
  const engines: Engine[] = [];
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.close()));
  });
  return (engine) => {
    engines.push(engine);
    return engine;
  };
}

/** Filter values that exist in a workspace (the first three departments, a bureau, a program), for scope tests on demo data. */
export async function sampleFilters(engine: Engine): Promise<{ departments: string[]; bureau: string; program: string }> {
  const [r] = await engine.workspace.use('read', async (c) =>
    (
      await c.runAndReadAll(
        `SELECT (SELECT list(department_id ORDER BY department_id)[1:3] FROM departments) AS departments,
                (SELECT min(bureau) FROM departments) AS bureau,
                (SELECT min(program) FROM events WHERE program IS NOT NULL) AS program`,
      )
    ).getRowObjectsJS(),
  );
  return { departments: r!.departments as string[], bureau: String(r!.bureau), program: String(r!.program) };
}
