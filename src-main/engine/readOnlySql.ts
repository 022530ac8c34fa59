/**
 * The researchers' SQL: exactly one statement, and DuckDB itself must say it
 * is a SELECT (we ask the parser, not a regex). What a SELECT can still reach
 * is closed off by the workspace's configuration: external access is disabled
 * (read_csv, read_text, glob, COPY, ATTACH on any path outside the staging
 * folder fail) and the configuration is locked.
 */
import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { SotongError } from '../common/result';

export async function prepareReadOnly(conn: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  let extracted;
  try {
    extracted = await conn.extractStatements(sql);
  } catch (e) {
    throw new SotongError('SQL_ERROR', (e as Error).message);
  }
  if (extracted.count !== 1) {
    throw new SotongError('SQL_REFUSED', `Only one statement can run at a time; this text has ${extracted.count}.`, { statements: extracted.count });
  }
  let prepared: DuckDBPreparedStatement;
  try {
    prepared = await extracted.prepare(0);
  } catch (e) {
    throw new SotongError('SQL_ERROR', (e as Error).message);
  }
  if (prepared.statementType !== StatementType.SELECT) {
    const kind = StatementType[prepared.statementType] ?? String(prepared.statementType);
    prepared.destroySync();
    throw new SotongError('SQL_REFUSED', `The SQL console is read-only: a ${kind} statement is refused. Only queries (SELECT, WITH … SELECT, FROM …) run.`, {
      statementType: kind,
    });
  }
  return prepared;
}
