/**
 * Staged file → temp table `imp_raw`, every column VARCHAR named c0, c1, …
 * (source names stay in JS, so no file content becomes an SQL identifier).
 * CSV is read with a fixed dialect (delimiter from the header, `"` quotes)
 * and `store_rejects`, so broken records (too many or too few fields, an
 * unterminated quote) are collected with their row numbers, not fatal.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ImportFormat } from '../../common/importApi';

export const TEMP_TABLES = ['imp_raw', 'imp_rej_errors', 'imp_rej_scans', 'imp_rowfix', 'imp_vmap', 'imp_lmap', 'imp_dmap', 'imp_emp', 'imp_norm', 'imp_prob', 'imp_ev', 'imp_dupkeys', 'imp_conf', 'imp_evconf'];

export async function dropTemp(conn: DuckDBConnection): Promise<void> {
  for (const t of TEMP_TABLES) await conn.run(`DROP TABLE IF EXISTS temp.${t}`);
}

export interface Loaded {
  /** Source column names, in c0… order (XLSX: after the `__row` column c0). */
  names: string[];
  /** SQL giving each imp_raw row its source row number; used in `FROM imp_raw_rows`. */
  rowSource: string;
  /** Records read (good + structurally broken). */
  rowsRead: number;
  /** Structurally broken records (CSV): see structuralProblems. */
  structuralRows: number;
  /** Offset of the first data column in imp_raw (1 for XLSX, whose c0 is the row number). */
  firstColumn: number;
}

const q = (n: number) => Array.from({ length: n }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');

export async function loadRaw(
  conn: DuckDBConnection,
  file: string,
  format: ImportFormat,
  csv: { delimiter: string; names: string[] } | null,
): Promise<Loaded> {
  if (format === 'csv' || format === 'xlsx') {
    const names = csv!.names;
    const n = format === 'xlsx' ? names.length + 1 : names.length;
    const delim = format === 'xlsx' ? ',' : csv!.delimiter;
    const delimSql = delim === '\t' ? '\\t' : delim;
    // The delimiter comes from a fixed list (DELIMITERS), the path is a parameter.
    await conn.run(
      `CREATE TEMP TABLE imp_raw AS SELECT * FROM read_csv($1, auto_detect = false, columns = {${q(n)}}, header = true,
         delim = '${delimSql}', quote = '"', escape = '"', store_rejects = true,
         rejects_table = 'imp_rej_errors', rejects_scan = 'imp_rej_scans')`,
      [file],
    );
    if (format === 'xlsx') {
      return { names, rowSource: `(SELECT CAST(c0 AS BIGINT) AS _row, * FROM imp_raw)`, rowsRead: await count(conn, 'imp_raw'), structuralRows: 0, firstColumn: 1 };
    }
    const good = await count(conn, 'imp_raw');
    const rejected = Number((await conn.runAndReadAll('SELECT count(DISTINCT line)::BIGINT AS n FROM imp_rej_errors')).getRowObjectsJS()[0]?.n ?? 0);
    let rowSource = `(SELECT rowid + 2 AS _row, * FROM imp_raw)`;
    if (rejected > 0) {
      // Broken records are missing from imp_raw, so rowid no longer counts rows.
      // With the rejected rows r_1 < r_2 < … the good row with rowid k is row
      // k + 2 + #{i : r_i - i + 1 <= k + 2}: an ASOF join on s_i = r_i - i + 1.
      await conn.run(
        `CREATE TEMP TABLE imp_rowfix AS
         SELECT s, max(i) AS i FROM (SELECT line - row_number() OVER (ORDER BY line) + 1 AS s, row_number() OVER (ORDER BY line) AS i
                                     FROM (SELECT DISTINCT line FROM imp_rej_errors)) GROUP BY s`,
      );
      rowSource = `(SELECT r._rid + 2 + coalesce(f.i, 0) AS _row, r.* EXCLUDE (_rid)
                    FROM (SELECT rowid AS _rid, * FROM imp_raw) r ASOF LEFT JOIN imp_rowfix f ON f.s <= r._rid + 2)`;
    }
    return { names, rowSource, rowsRead: good + rejected, structuralRows: rejected, firstColumn: 0 };
  }
  const reader = format === 'parquet' ? 'read_parquet($1)' : "read_json($1, format = 'auto', sample_size = -1)";
  const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`, [file]);
  const names = described.getRowObjectsJS().map((r) => String(r.column_name));
  // Positional references (#1, #2…) keep source names out of the SQL text.
  const select = names.map((_, i) => `CAST(#${i + 1} AS VARCHAR) AS c${i}`).join(', ');
  await conn.run(`CREATE TEMP TABLE imp_raw AS SELECT ${select} FROM ${reader}`, [file]);
  return { names, rowSource: `(SELECT rowid + 1 AS _row, * FROM imp_raw)`, rowsRead: await count(conn, 'imp_raw'), structuralRows: 0, firstColumn: 0 };
}

async function count(conn: DuckDBConnection, table: string): Promise<number> {
  return Number((await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${table}`)).getRowObjectsJS()[0]?.n ?? 0);
}

/** Broken CSV records → imp_prob rows (row, column, the line's text, reason). */
export async function structuralProblems(conn: DuckDBConnection, names: string[]): Promise<void> {
  await conn.run(
    `INSERT INTO imp_prob
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
