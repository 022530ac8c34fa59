/**
 * Reading a staged file. `importSource` gives the SQL that reads it as
 * VARCHAR columns c0, c1, … in file order (source names stay in JS, so no
 * file content becomes an SQL identifier); the import reads it once, straight
 * into imp_norm (validate.ts). `loadRaw` materializes it as the temp table
 * `imp_raw` (previews). CSV is read by DuckDB's parallel reader with a fixed
 * dialect (delimiter from the header, `"` quotes) and `store_rejects`, so
 * broken records (too many or too few fields, an unterminated quote) are
 * collected with their line numbers, not fatal.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ImportFormat } from '../../common/importApi';

export const TEMP_TABLES = ['imp_raw', 'imp_rej_errors', 'imp_rej_scans', 'imp_rowfix', 'imp_seed', 'imp_dmap', 'imp_emp', 'imp_norm', 'imp_prob', 'imp_problems', 'imp_ev', 'imp_dupkeys', 'imp_conf', 'imp_evconf'];

export async function dropTemp(conn: DuckDBConnection): Promise<void> {
  for (const t of TEMP_TABLES) await conn.run(`DROP TABLE IF EXISTS temp.${t}`);
}

const q = (n: number) => Array.from({ length: n }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');

/** The reader of a staged file, as SQL; the file is always parameter $1. */
export interface RawSource {
  format: ImportFormat;
  /** Source column names, in c0… order (XLSX: after the `__row` column c0). */
  names: string[];
  /** A FROM item giving the VARCHAR columns c0… in file order (CSV: rejects go to imp_rej_errors). */
  from: string;
  /** The same for a sample of the first rows: no rejects table, broken records skipped. */
  sampleFrom: string;
  /** Offset of the first data column (1 for XLSX, whose c0 is the sheet's row number). */
  firstColumn: number;
}

export async function importSource(
  conn: DuckDBConnection,
  file: string,
  format: ImportFormat,
  csv: { delimiter: string; names: string[] } | null,
): Promise<RawSource> {
  if (format === 'csv' || format === 'xlsx') {
    const names = csv!.names;
    const n = format === 'xlsx' ? names.length + 1 : names.length;
    const delim = format === 'xlsx' ? ',' : csv!.delimiter;
    // The delimiter comes from a fixed list (DELIMITERS), the path is a parameter.
    const read = (extra: string) =>
      `read_csv($1, auto_detect = false, columns = {${q(n)}}, header = true, delim = '${delim === '\t' ? '\\t' : delim}', quote = '"', escape = '"', ${extra})`;
    return {
      format,
      names,
      from: read("store_rejects = true, rejects_table = 'imp_rej_errors', rejects_scan = 'imp_rej_scans'"),
      sampleFrom: read('ignore_errors = true'),
      firstColumn: format === 'xlsx' ? 1 : 0,
    };
  }
  const reader = format === 'parquet' ? 'read_parquet($1)' : "read_json($1, format = 'auto', sample_size = -1)";
  const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`, [file]);
  const names = described.getRowObjectsJS().map((r) => String(r.column_name));
  // Positional references (#1, #2…) keep source names out of the SQL text.
  const from = `(SELECT ${names.map((_, i) => `CAST(#${i + 1} AS VARCHAR) AS c${i}`).join(', ') || 'NULL AS c0'} FROM ${reader})`;
  return { format, names, from, sampleFrom: from, firstColumn: 0 };
}

/**
 * After a CSV was read: the records DuckDB rejected (their line numbers are in
 * imp_rej_errors) and, when there are any, imp_rowfix to number the others.
 */
export async function rejectedRecords(conn: DuckDBConnection): Promise<number> {
  const rejected = Number((await conn.runAndReadAll('SELECT count(DISTINCT line)::BIGINT AS n FROM imp_rej_errors')).getRowObjectsJS()[0]?.n ?? 0);
  if (rejected > 0) {
    // With the rejected lines r_1 < r_2 < … the good record at position k
    // (0-based) is row k + 2 + #{i : r_i - i + 1 <= k + 2}.
    await conn.run(
      `CREATE TEMP TABLE imp_rowfix AS
       SELECT s, max(i) AS i FROM (SELECT line - row_number() OVER (ORDER BY line) + 1 AS s, row_number() OVER (ORDER BY line) AS i
                                   FROM (SELECT DISTINCT line FROM imp_rej_errors)) GROUP BY s`,
    );
  }
  return rejected;
}

/**
 * SQL: the source row number of the record at position `rid` (imp_norm's
 * rowid): after the header line for CSV (minus rejected records), the
 * sheet's row for XLSX, 1-based for Parquet and JSON.
 */
export function rowOfSql(format: ImportFormat, rejected: number, rid: string): string {
  if (format === 'xlsx') return `(SELECT rn._src_row FROM imp_norm rn WHERE rn.rowid = ${rid})`;
  if (format !== 'csv') return `(${rid} + 1)`;
  if (rejected === 0) return `(${rid} + 2)`;
  return `(${rid} + 2 + coalesce((SELECT max(rf.i) FROM imp_rowfix rf WHERE rf.s <= ${rid} + 2), 0))`;
}

/** Previews: the staged file as the temp table imp_raw (c0… VARCHAR; rowid is the order in the file). */
export async function loadRaw(
  conn: DuckDBConnection,
  file: string,
  format: ImportFormat,
  csv: { delimiter: string; names: string[] } | null,
): Promise<{ names: string[]; firstColumn: number }> {
  const source = await importSource(conn, file, format, csv);
  await conn.run(`CREATE TEMP TABLE imp_raw AS SELECT * FROM ${source.from}`, [file]);
  return { names: source.names, firstColumn: source.firstColumn };
}

/** Broken CSV records → imp_prob rows (row, column, the line's text, reason): they are not in imp_norm. */
export async function structuralProblems(conn: DuckDBConnection, names: string[]): Promise<void> {
  await conn.run(
    `INSERT INTO imp_prob (row, column_name, value, reason)
     SELECT line, CASE WHEN column_name IS NULL THEN '' ELSE coalesce(from_json($1, '["VARCHAR"]')[CAST(substr(column_name, 2) AS INTEGER) + 1], column_name) END,
            CASE WHEN length(csv_line) > 200 THEN left(csv_line, 200) || '…' ELSE rtrim(csv_line, chr(13) || chr(10)) END,
            CASE error_type
              WHEN 'TOO MANY COLUMNS' THEN 'too many fields: expected ' || $2 || ', found ' || coalesce(regexp_extract(error_message, 'Found: (\d+)', 1), 'more') || ' (an unquoted delimiter inside a value?)'
              WHEN 'MISSING COLUMNS' THEN 'too few fields: expected ' || $2 || ', found ' || column_idx || ' (a truncated line?)'
              WHEN 'UNQUOTED VALUE' THEN 'a quoted value is not closed (a truncated file, or a stray quote?)'
              WHEN 'INVALID UNICODE' THEN 'invalid UTF-8 text'
              WHEN 'LINE SIZE OVER MAXIMUM' THEN 'line too long (over 2 MB): an unclosed quote?'
              ELSE error_message END
     FROM (SELECT line, error_type, arg_min(column_name, column_idx) AS column_name, any_value(csv_line) AS csv_line,
                  arg_min(error_message, column_idx) AS error_message, min(column_idx) AS column_idx
           FROM imp_rej_errors GROUP BY line, error_type)`,
    [JSON.stringify(names), String(names.length)],
  );
}
