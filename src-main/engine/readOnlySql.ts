/**
 * The researchers' SQL: exactly one statement, which DuckDB's parser must
 * classify as a SELECT (we ask the parser, not a regex) and which must open
 * with a query keyword (DuckDB rewrites some PRAGMAs into SELECTs, so the type
 * alone is not enough). What a SELECT can still reach is closed off by the
 * workspace's configuration: external access is disabled (read_csv, read_text,
 * glob, COPY, ATTACH on any path outside the staging folder fail) and the
 * configuration is locked.
 */
import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { SotongError } from '../common/result';

/** Statements may start with these words (after comments and parentheses). */
const QUERY_KEYWORDS = new Set(['select', 'with', 'from', 'values', 'table', 'describe', 'summarize', 'show']);

/** The first keyword of a statement, skipping whitespace, comments and opening parentheses. */
export function firstKeyword(sql: string): string {
  const stripped = sql.replace(/^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/|\()*/, '');
  return (/^[A-Za-z_]+/.exec(stripped)?.[0] ?? '').toLowerCase();
}

/** Maps a DuckDB error of user SQL to a SotongError a person can act on. */
export function sqlFailure(e: unknown): SotongError {
  if (e instanceof SotongError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (/interrupt/i.test(msg)) return new SotongError('CANCELLED', 'Cancelled: the query was interrupted.');
  if (/^Permission Error/.test(msg)) {
    return new SotongError('SQL_REFUSED', `Queries cannot read or write files outside the workspace (read_csv, read_text, glob, COPY, ATTACH…): ${msg}`);
  }
  return new SotongError('SQL_ERROR', msg);
}

export async function prepareReadOnly(conn: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  let extracted;
  try {
    extracted = await conn.extractStatements(sql);
  } catch (e) {
    throw sqlFailure(e);
  }
  if (extracted.count !== 1) {
    throw new SotongError('SQL_REFUSED', `Only one statement can run at a time; this text has ${extracted.count}.`, { statements: extracted.count });
  }
  let prepared: DuckDBPreparedStatement;
  try {
    prepared = await extracted.prepare(0);
  } catch (e) {
    throw sqlFailure(e);
  }
  const type = prepared.statementType;
  const keyword = firstKeyword(sql);
  if (type !== StatementType.SELECT || !QUERY_KEYWORDS.has(keyword)) {
    const kind = type !== StatementType.SELECT ? (StatementType[type] ?? String(type)) : keyword.toUpperCase();
    prepared.destroySync();
    throw new SotongError('SQL_REFUSED', `The SQL console is read-only: a ${kind} statement is refused. Only queries (SELECT, WITH … SELECT, FROM …) run.`, {
      statementType: kind,
    });
  }
  return prepared;
}
