/**
 * The researchers' SQL console in the engine (issue 8). The result of a query
 * never leaves DuckDB whole: each page re-runs it as
 * `SELECT * FROM (<query>) [ORDER BY "col"] LIMIT $limit OFFSET $offset`
 * (DuckDB pushes the limit down, so the first page of a 100M-row result costs
 * what 200 rows cost), the total is a separate `count(*)`, and charts get
 * `agg(y) GROUP BY x, series` with a point cap.
 *
 * User text goes into SQL only as the already-checked query itself (one
 * read-only statement, see readOnlySql.ts); column names for sorting and
 * charts must be columns of that query's own result and are quoted as
 * identifiers; numbers are bound as parameters. The wrapped text is checked
 * again, so a query cannot "close the parenthesis" and smuggle in more.
 */
import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { DuckDBTypeId } from '@duckdb/node-api';
import type { ArrowBytes, ParsedRequest } from '../common/api';
import { SotongError } from '../common/result';
import {
  ARROW_META_SQL_COLUMNS, ARROW_META_SQL_ELAPSED, ARROW_META_SQL_OFFSET,
  type SqlChartResult, type SqlColumn, type SqlSchemaEntry, type SqlSuggestion,
} from '../common/sqlApi';
import { resultToArrow } from './arrow';
import { prepareReadOnly, sqlFailure } from './readOnlySql';
import type { Workspace } from './workspace';

/** `"name"` with inner quotes doubled: a column name as an SQL identifier. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The query without trailing semicolons, and with a newline so a trailing `-- comment` cannot swallow what we append. */
export function queryBody(sql: string): string {
  let s = sql.trim();
  while (s.endsWith(';')) s = s.slice(0, -1).trimEnd();
  return `${s}\n`;
}

export interface CheckedQuery {
  body: string;
  columns: SqlColumn[];
  typeIds: DuckDBTypeId[];
}

/** Checks the user's query (one read-only statement, no parameters) and reads its result columns from the prepared statement. */
export async function checkQuery(conn: DuckDBConnection, sql: string): Promise<CheckedQuery> {
  const body = queryBody(sql);
  const prepared = await prepareReadOnly(conn, body);
  try {
    if (prepared.parameterCount > 0) {
      throw new SotongError('SQL_ERROR', `The console runs queries without parameters; this one has ${prepared.parameterCount} ($1, $name…). Write the values in the query.`);
    }
    const columns: SqlColumn[] = [];
    const typeIds: DuckDBTypeId[] = [];
    for (let i = 0; i < prepared.columnCount; i++) {
      columns.push({ name: prepared.columnName(i), type: prepared.columnType(i).toString() });
      typeIds.push(prepared.columnTypeId(i));
    }
    return { body, columns, typeIds };
  } finally {
    prepared.destroySync();
  }
}

/** Prepares SQL we built around a checked query; it must still be exactly one read-only query. */
async function prepareWrapped(conn: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  return prepareReadOnly(conn, sql);
}

function columnOf(q: CheckedQuery, name: string, field: string): number {
  const i = q.columns.findIndex((c) => c.name === name);
  if (i < 0) {
    throw new SotongError('VALIDATION', `${field}: "${name}" is not a column of the query's result (columns: ${q.columns.map((c) => c.name).join(', ')}).`, { field });
  }
  return i;
}

/**
 * Runs `fn` on the console lane with the user's statement timeout: when it
 * passes, the lane is interrupted and the caller gets CANCELLED saying so.
 * Any DuckDB error becomes a SotongError (syntax errors keep DuckDB's
 * `LINE n:` and caret, which the editor uses to mark the position).
 */
export function onConsoleLane<T>(ws: Workspace, timeoutSeconds: number | undefined, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  return ws.use('console', async (conn) => {
    let timedOut = false;
    const timer = timeoutSeconds
      ? setTimeout(() => {
          timedOut = true;
          ws.interrupt('console');
        }, timeoutSeconds * 1000)
      : undefined;
    try {
      return await fn(conn);
    } catch (e) {
      if (timedOut) {
        throw new SotongError('CANCELLED', `Timed out: the query ran longer than the statement timeout of ${timeoutSeconds} s and was stopped. Raise the timeout or narrow the query.`, {
          timeoutSeconds,
          timedOut: true,
        });
      }
      const failure = sqlFailure(e);
      // node-api prefixes parser errors; the user needs DuckDB's own words (and its LINE/caret).
      const plain = failure.message.replace(/^Failed to (?:extract statements|prepare statement): /, '');
      throw plain === failure.message ? failure : new SotongError(failure.code, plain, failure.details);
    } finally {
      if (timer) clearTimeout(timer);
    }
  });
}

/** One page of the result as Arrow, with the query's columns, the offset and the elapsed time in the schema metadata. */
export async function sqlPage(ws: Workspace, req: ParsedRequest<'sqlPage'>): Promise<ArrowBytes> {
  return onConsoleLane(ws, req.timeoutSeconds, async (conn) => {
    const t0 = performance.now();
    const q = await checkQuery(conn, req.sql);
    let order = '';
    if (req.sort) {
      columnOf(q, req.sort.column, 'sort.column');
      order = ` ORDER BY ${quoteIdent(req.sort.column)} ${req.sort.descending ? 'DESC' : 'ASC'} NULLS LAST`;
    }
    const prepared = await prepareWrapped(conn, `SELECT * FROM (\n${q.body})${order} LIMIT $1 OFFSET $2`);
    try {
      prepared.bindBigInt(1, BigInt(req.limit));
      prepared.bindBigInt(2, BigInt(req.offset));
      const result = await prepared.stream();
      const out = await resultToArrow(result, {
        // Evaluated once the last row is read, so the elapsed time covers the whole page.
        metadata: () => ({
          [ARROW_META_SQL_COLUMNS]: JSON.stringify(q.columns),
          [ARROW_META_SQL_OFFSET]: String(req.offset),
          [ARROW_META_SQL_ELAPSED]: String(Math.round(performance.now() - t0)),
        }),
      });
      return out.bytes;
    } finally {
      prepared.destroySync();
    }
  });
}

export async function sqlCount(ws: Workspace, req: ParsedRequest<'sqlCount'>): Promise<{ rows: number; elapsedMs: number }> {
  return onConsoleLane(ws, req.timeoutSeconds, async (conn) => {
    const t0 = performance.now();
    const q = await checkQuery(conn, req.sql);
    const prepared = await prepareWrapped(conn, `SELECT count(*)::BIGINT AS n FROM (\n${q.body})`);
    try {
      const reader = await prepared.runAndReadAll();
      const n = reader.getRows()[0]?.[0];
      return { rows: Number(n ?? 0), elapsedMs: Math.round(performance.now() - t0) };
    } finally {
      prepared.destroySync();
    }
  });
}

/** Suggestions from DuckDB's autocomplete extension for the text before the cursor. */
export async function sqlComplete(ws: Workspace, req: ParsedRequest<'sqlComplete'>): Promise<{ suggestions: SqlSuggestion[] }> {
  const before = req.sql.slice(0, req.cursor);
  return ws.use('console', async (conn) => {
    const reader = await conn.runAndReadAll(
      'SELECT suggestion, suggestion_start::INTEGER AS start, suggestion_type::VARCHAR AS kind FROM sql_auto_complete($1) LIMIT 50',
      [before],
    );
    // suggestion_start counts bytes of UTF-8; the editor counts characters.
    const bytes = Buffer.from(before, 'utf8');
    const ascii = bytes.length === before.length;
    const suggestions = reader.getRowObjectsJS().map((r) => {
      const start = Number(r.start);
      return {
        text: String(r.suggestion).trimEnd(),
        start: ascii ? start : bytes.subarray(0, start).toString('utf8').length,
        kind: String(r.kind),
      };
    });
    return { suggestions };
  });
}

/** Views Sotong defines on the read connection, so researchers join against the app's own model. */
export const CONSOLE_VIEWS: { name: string; description: string; sql: string }[] = [
  {
    name: 'v_participations_flat',
    description: 'One row per participation with its event, employee and department attributes (participations ⟕ events, employees, departments).',
    sql: `SELECT p.event_id, e.occurred_on, date_trunc('month', e.occurred_on)::DATE AS month, e.channel, e.program,
        e.citizens_reached, e.stakeholder_groups, e.outcome, e.spectrum,
        p.employee_id, p.department_id, d.name AS department_name, d.name_en AS department_name_en, d.bureau,
        p.role, p.hours, em.grade, em.department_id AS home_department_id, em.hired_on, em.left_on, p.import_id
      FROM participations p
      LEFT JOIN events e ON e.event_id = p.event_id
      LEFT JOIN employees em ON em.employee_id = p.employee_id
      LEFT JOIN departments d ON d.department_id = p.department_id`,
  },
  {
    name: 'v_event_departments',
    description: 'One row per event: departments and staff taking part, hours, and whether it crossed departments (departments > 1).',
    sql: `SELECT e.event_id, e.occurred_on, e.channel, e.program, e.citizens_reached, e.outcome, e.spectrum,
        count(DISTINCT p.department_id)::INTEGER AS departments, count(DISTINCT p.employee_id)::INTEGER AS staff,
        coalesce(sum(p.hours), 0)::DOUBLE AS hours, count(DISTINCT p.department_id) > 1 AS cross_department
      FROM events e LEFT JOIN participations p ON p.event_id = e.event_id
      GROUP BY ALL`,
  },
  {
    name: 'v_department_monthly',
    description: 'Per department and month: distinct events, hours and engaged staff (distinct employees with a participation).',
    sql: `SELECT p.department_id, date_trunc('month', e.occurred_on)::DATE AS month,
        count(DISTINCT p.event_id)::INTEGER AS events, sum(p.hours)::DOUBLE AS hours,
        count(DISTINCT p.employee_id)::INTEGER AS engaged_staff
      FROM participations p JOIN events e ON e.event_id = p.event_id
      GROUP BY ALL`,
  },
];

/** Creates the console views as TEMP views of the read connection: nothing is written to the workspace file. */
export async function createConsoleViews(conn: DuckDBConnection): Promise<void> {
  for (const v of CONSOLE_VIEWS) await conn.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdent(v.name)} AS ${v.sql}`);
}

/** Tables and views (ours included) with exact row counts and typed columns. */
export async function sqlSchema(ws: Workspace): Promise<{ entries: SqlSchemaEntry[] }> {
  return ws.use('console', async (conn) => {
    const objects = (
      await conn.runAndReadAll(`
        SELECT table_name AS name, 'table' AS kind, schema_name AS sch, false AS temp FROM duckdb_tables()
          WHERE NOT internal AND database_name = current_database()
        UNION ALL
        SELECT view_name, 'view', schema_name, temporary FROM duckdb_views()
          WHERE NOT internal AND (database_name = current_database() OR temporary)
        ORDER BY kind, name`)
    ).getRowObjectsJS() as { name: string; kind: 'table' | 'view'; sch: string; temp: boolean }[];
    const columns = (
      await conn.runAndReadAll(`
        SELECT table_name AS t, column_name AS c, data_type AS ty FROM duckdb_columns()
          WHERE NOT internal AND (database_name = current_database() OR database_name = 'temp')
        ORDER BY table_name, column_index`)
    ).getRowObjectsJS() as { t: string; c: string; ty: string }[];
    const described = new Map(CONSOLE_VIEWS.map((v) => [v.name, v.description]));
    const entries: SqlSchemaEntry[] = [];
    for (const o of objects) {
      const ref = o.temp || o.sch === 'main' ? quoteIdent(o.name) : `${quoteIdent(o.sch)}.${quoteIdent(o.name)}`;
      // `ref` is built from catalog names, quoted: not user text.
      const n = (await conn.runAndReadAll(`SELECT count(*)::BIGINT FROM ${ref}`)).getRows()[0]?.[0];
      const description = described.get(o.name);
      entries.push({
        name: o.name,
        kind: o.kind,
        ref,
        rows: n === undefined ? null : Number(n),
        columns: columns.filter((c) => c.t === o.name).map((c) => ({ name: c.c, type: c.ty })),
        ...(description && o.temp ? { description } : {}),
      });
    }
    return { entries };
  });
}

const NUMERIC = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL,
]);

/** The result aggregated for a quick chart: agg(y) per x (and series), ordered by x, at most maxPoints points. */
export async function sqlChart(ws: Workspace, req: ParsedRequest<'sqlChart'>): Promise<SqlChartResult> {
  return onConsoleLane(ws, req.timeoutSeconds, async (conn) => {
    const q = await checkQuery(conn, req.sql);
    const xi = columnOf(q, req.x, 'x');
    const xNumeric = NUMERIC.has(q.typeIds[xi]!);
    const x = quoteIdent(req.x);
    const series = req.series === undefined ? 'NULL' : `${quoteIdent(req.series)}::VARCHAR`;
    if (req.series !== undefined) columnOf(q, req.series, 'series');
    let y: string;
    if (req.y === undefined) y = 'count(*)';
    else {
      columnOf(q, req.y, 'y');
      y = `${req.agg}(${quoteIdent(req.y)})`; // agg is one of SQL_CHART_AGGS (validated enum)
    }
    const sql = `WITH q AS (\n${q.body}),
      g AS (SELECT ${x} AS x_raw, ${series} AS series, (${y})::DOUBLE AS y FROM q GROUP BY ALL)
      SELECT ${xNumeric ? 'x_raw::DOUBLE' : 'x_raw::VARCHAR'} AS x, series, y, count(*) OVER ()::BIGINT AS total
      FROM g ORDER BY x_raw NULLS LAST, series NULLS LAST LIMIT $1`;
    const prepared = await prepareWrapped(conn, sql);
    try {
      prepared.bindBigInt(1, BigInt(req.maxPoints));
      const rows = (await prepared.runAndReadAll()).getRowObjectsJS() as { x: string | number | null; series: string | null; y: number | null; total: bigint }[];
      const total = rows.length ? Number(rows[0]!.total) : 0;
      return {
        points: rows.map((r) => ({ x: r.x, series: r.series, y: r.y })),
        total,
        maxPoints: req.maxPoints,
        capped: total > req.maxPoints,
        xNumeric,
      };
    } finally {
      prepared.destroySync();
    }
  });
}
