/**
 * Transactions on a DuckDB connection: the one place that pairs BEGIN with
 * COMMIT or ROLLBACK. A failed ROLLBACK (the transaction may already be gone)
 * never hides the error that caused it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** Rolls back the open transaction, if any is left to roll back. */
export async function rollback(conn: DuckDBConnection): Promise<void> {
  await conn.run('ROLLBACK').catch(() => undefined);
}

/** COMMITs the open transaction; if the COMMIT fails, rolls back and rethrows. */
export async function commitOrRollback(conn: DuckDBConnection): Promise<void> {
  try {
    await conn.run('COMMIT');
  } catch (e) {
    await rollback(conn);
    throw e;
  }
}

/** Runs `fn` in a transaction: committed when it returns, rolled back (its error rethrown) when it throws. */
export async function inTransaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  let value: T;
  try {
    value = await fn();
  } catch (e) {
    await rollback(conn);
    throw e;
  }
  await commitOrRollback(conn);
  return value;
}
