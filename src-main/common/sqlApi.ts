/**
 * The SQL console methods of SotongApi (issue 8): request schemas and
 * response types. The basic one-shot `sql` method lives in api.ts.
 *
 * Results stay in the engine: the console re-runs the query for each page
 * (`sqlPage`), counts it once (`sqlCount`), exports it whole to a file
 * (`sqlExport`) and aggregates it for a chart (`sqlChart`), so the renderer
 * never holds more than the rows on screen.
 */
import { z } from 'zod';
import type { ArrowBytes } from './api';

/** Most rows one page may carry. */
export const SQL_PAGE_MAX = 1000;
/** Default point cap of the quick chart. */
export const SQL_CHART_POINTS = 2000;
export const SQL_HISTORY_MAX = 100;
export const SQL_EXPORT_FORMATS = ['csv', 'parquet', 'xlsx'] as const;
export type SqlExportFormat = (typeof SQL_EXPORT_FORMATS)[number];
export const SQL_CHART_AGGS = ['sum', 'avg', 'count', 'min', 'max'] as const;
export type SqlChartAgg = (typeof SQL_CHART_AGGS)[number];

/** Arrow schema metadata of a page: JSON [{name, type}] of the query's columns (DuckDB type names). */
export const ARROW_META_SQL_COLUMNS = 'sotong.sql.columns';
/** Arrow schema metadata of a page: milliseconds the page took in the engine. */
export const ARROW_META_SQL_ELAPSED = 'sotong.sql.elapsed_ms';
/** Arrow schema metadata of a page: the offset of its first row. */
export const ARROW_META_SQL_OFFSET = 'sotong.sql.offset';

const sqlText = z.string().trim().min(1, 'sql must not be empty').max(200_000);
/** The statement timeout the user set, in seconds; none when absent. */
const timeoutSeconds = z.number().min(0.1).max(24 * 3600).optional();
const identifier = z.string().min(1).max(500);

export const sqlSchemas = {
  /** One page of the query's result: Arrow, rows [offset, offset + limit), optionally sorted by one of its columns. */
  sqlPage: z
    .object({
      sql: sqlText,
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
      limit: z.number().int().min(1).max(SQL_PAGE_MAX).default(200),
      sort: z.object({ column: identifier, descending: z.boolean().default(false) }).strict().optional(),
      timeoutSeconds,
      /** Record the query in the history (the UI sets it for the first page of a run). */
      record: z.boolean().optional(),
    })
    .strict(),
  /** Total rows of the query's result. */
  sqlCount: z.object({ sql: sqlText, timeoutSeconds }).strict(),
  /** Completion at `cursor` (a character offset into `sql`), by DuckDB's sql_auto_complete. */
  sqlComplete: z.object({ sql: z.string().max(200_000), cursor: z.number().int().min(0).max(200_000) }).strict(),
  /** Tables and views with row counts and typed columns. */
  sqlSchema: z.object({}).strict(),
  /** The whole result to a file, streamed in the engine. Without `path` the file is kept for the web download route. */
  sqlExport: z
    .object({
      sql: sqlText,
      format: z.enum(SQL_EXPORT_FORMATS),
      path: z.string().min(1).max(4096).optional(),
      timeoutSeconds,
    })
    .strict(),
  /** The result aggregated for a chart: agg(y) by x (and series), at most maxPoints points. */
  sqlChart: z
    .object({
      sql: sqlText,
      x: identifier,
      y: identifier.optional(),
      series: identifier.optional(),
      agg: z.enum(SQL_CHART_AGGS).default('sum'),
      maxPoints: z.number().int().min(1).max(20_000).default(SQL_CHART_POINTS),
      timeoutSeconds,
    })
    .strict()
    .refine((r) => r.y !== undefined || r.agg === 'count', { message: 'y is required unless agg is count', path: ['y'] }),
  sqlHistory: z.object({}).strict(),
  sqlSaved: z.object({}).strict(),
  sqlSave: z.object({ name: z.string().trim().min(1, 'name must not be empty').max(100), sql: sqlText }).strict(),
  sqlDeleteSaved: z.object({ name: z.string().min(1).max(100) }).strict(),
} as const;

export interface SqlColumn {
  name: string;
  /** DuckDB's type name, e.g. VARCHAR, DATE, DECIMAL(9,2), VARCHAR[]. */
  type: string;
}

export interface SqlSchemaEntry {
  name: string;
  kind: 'table' | 'view';
  /** Schema-qualified name to put in a query (quoted where needed). */
  ref: string;
  rows: number | null;
  columns: SqlColumn[];
  /** Views Sotong defines for researchers carry a description. */
  description?: string;
}

export interface SqlSuggestion {
  text: string;
  /** Character offset in `sql` where the replaced word starts. */
  start: number;
  kind: string;
}

export interface SqlHistoryEntry {
  sql: string;
  /** ISO timestamp of the last run. */
  at: string;
}

export interface SqlSavedQuery {
  name: string;
  sql: string;
  savedAt: string;
}

export interface SqlExportResult {
  format: SqlExportFormat;
  rows: number;
  bytes: number;
  /** File name offered to the user. */
  fileName: string;
  /** Where the file was written, when the request gave a path. */
  path?: string;
  /** Web mode: GET /download/<downloadId> serves the file (token-protected). */
  downloadId?: string;
  elapsedMs: number;
}

export interface SqlChartPoint {
  x: string | number | null;
  series: string | null;
  y: number | null;
}

export interface SqlChartResult {
  points: SqlChartPoint[];
  /** Points the aggregation has in total; more than `maxPoints` means the chart shows the first ones. */
  total: number;
  maxPoints: number;
  capped: boolean;
  /** Whether x is numeric (line charts over a numeric axis) or categorical/date text. */
  xNumeric: boolean;
}

export interface SqlResponses {
  sqlPage: ArrowBytes;
  sqlCount: { rows: number; elapsedMs: number };
  sqlComplete: { suggestions: SqlSuggestion[] };
  sqlSchema: { entries: SqlSchemaEntry[] };
  sqlExport: SqlExportResult;
  sqlChart: SqlChartResult;
  sqlHistory: { entries: SqlHistoryEntry[] };
  sqlSaved: { saved: SqlSavedQuery[] };
  sqlSave: { saved: SqlSavedQuery[] };
  sqlDeleteSaved: { saved: SqlSavedQuery[] };
}
