/**
 * Export of a console query's whole result, streamed in the engine (never the
 * page on screen): Parquet by DuckDB's own `COPY (<query>) TO` into the
 * staging folder (the only folder the lock-down lets DuckDB write); CSV
 * batch by batch through the Arrow path with the CLI's cell rules (numbers as
 * `String(number)`, dates YYYY-MM-DD, timestamps ISO), so an exported CSV
 * equals what `sql` prints (DuckDB's own CSV writer differs, e.g. `5.0`);
 * XLSX with exceljs' streaming writer fed chunk by chunk. The file is then moved to the
 * path the caller chose (CLI, desktop) or kept in staging for the web
 * download route, which serves only files registered here.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { JSDuckDBValueConverter, StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { makeVector } from 'apache-arrow';
import type { ParsedRequest } from '../common/api';
import { plainValue } from '../common/plain';
import { SotongError } from '../common/result';
import type { SqlExportFormat, SqlExportResult } from '../common/sqlApi';
import { arrowBatches } from './arrow';
import { checkQuery, onConsoleLane } from './sqlConsole';
import { sqlString, type Workspace } from './workspace';

export const EXPORT_TYPES: Record<SqlExportFormat, { ext: string; contentType: string }> = {
  csv: { ext: '.csv', contentType: 'text/csv; charset=utf-8' },
  parquet: { ext: '.parquet', contentType: 'application/vnd.apache.parquet' },
  xlsx: { ext: '.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
};

/** Excel's limit is 1,048,576 rows a sheet; longer results continue on the next sheet. */
const XLSX_ROWS_PER_SHEET = 1_048_575;

interface ExportedFile {
  file: string;
  fileName: string;
  contentType: string;
}

/** Files this process exported and may serve, by random id (128 bits). */
const registry = new Map<string, ExportedFile>();

/** The exported file behind a download id, if it still exists. */
export function exportedFile(id: string): ExportedFile | undefined {
  if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
  const e = registry.get(id);
  if (!e || !fs.existsSync(e.file)) return undefined;
  return e;
}

function stamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

function checkTarget(target: string, format: SqlExportFormat): string {
  const abs = path.resolve(target);
  const { ext } = EXPORT_TYPES[format];
  if (path.extname(abs).toLowerCase() !== ext) {
    throw new SotongError('VALIDATION', `path: a ${format.toUpperCase()} export must be written to a file ending in ${ext}, not ${abs}.`, { field: 'path' });
  }
  if (!fs.existsSync(path.dirname(abs)) || !fs.statSync(path.dirname(abs)).isDirectory()) {
    throw new SotongError('NOT_FOUND', `path: the folder ${path.dirname(abs)} does not exist.`, { field: 'path' });
  }
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) throw new SotongError('VALIDATION', `path: ${abs} is a folder.`, { field: 'path' });
  return abs;
}

async function copyToParquet(conn: DuckDBConnection, body: string, file: string): Promise<number> {
  const options = 'FORMAT parquet, COMPRESSION zstd';
  // The file path is ours (staging folder + random id), never user text.
  const sql = `COPY (\n${body}) TO '${sqlString(file)}' (${options})`;
  const extracted = await conn.extractStatements(sql);
  if (extracted.count !== 1) throw new SotongError('SQL_REFUSED', 'The export must be exactly one statement.');
  const prepared = await extracted.prepare(0);
  try {
    if (prepared.statementType !== StatementType.COPY) throw new SotongError('SQL_REFUSED', 'The export statement is not a COPY.');
    const result = await prepared.run();
    return Number(result.rowsChanged);
  } finally {
    prepared.destroySync();
  }
}

/** The CLI's CSV cell (cli/format.ts): the unit test checks the export equals the CLI's output. */
const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

async function writeCsv(conn: DuckDBConnection, body: string, file: string): Promise<number> {
  const result = await conn.stream(body);
  const out = fs.createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  let rows = 0;
  try {
    await write(result.columnNames().map(csvCell).join(',') + '\n');
    for await (const { fields, data } of arrowBatches(result, { batchRows: 16_384 })) {
      const vectors = data.children.map((c) => makeVector(c));
      const types = fields.map((f) => f.type);
      const lines: string[] = new Array<string>(data.length);
      for (let r = 0; r < data.length; r++) {
        let line = '';
        for (let c = 0; c < vectors.length; c++) line += (c ? ',' : '') + csvCell(plainValue(vectors[c]!.get(r), types[c]!));
        lines[r] = line;
      }
      if (lines.length) await write(lines.join('\n') + '\n');
      rows += data.length;
    }
  } finally {
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
  return rows;
}

function cell(v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

async function writeXlsx(conn: DuckDBConnection, body: string, file: string): Promise<number> {
  const result = await conn.stream(body);
  const names = result.columnNames();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  let sheet: ExcelJS.Worksheet | undefined;
  let sheetRows = 0;
  let sheets = 0;
  let rows = 0;
  const newSheet = () => {
    sheet?.commit();
    sheets++;
    sheet = wb.addWorksheet(sheets === 1 ? 'Sotong' : `Sotong ${sheets}`);
    const head = sheet.addRow(names);
    head.font = { bold: true };
    head.commit();
    sheetRows = 0;
  };
  newSheet();
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (const row of chunk.convertRows(JSDuckDBValueConverter)) {
      if (sheetRows === XLSX_ROWS_PER_SHEET) newSheet();
      sheet!.addRow(row.map(cell)).commit();
      sheetRows++;
      rows++;
    }
  }
  sheet?.commit();
  await wb.commit();
  return rows;
}

function moveFile(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    fs.copyFileSync(from, to);
    fs.rmSync(from, { force: true });
  }
}

export async function sqlExport(ws: Workspace, req: ParsedRequest<'sqlExport'>): Promise<SqlExportResult> {
  const target = req.path === undefined ? undefined : checkTarget(req.path, req.format);
  const { ext, contentType } = EXPORT_TYPES[req.format];
  const id = crypto.randomBytes(16).toString('hex');
  const dir = path.join(ws.stagingDir, 'exports');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${id}${ext}`);
  const t0 = performance.now();
  let rows: number;
  try {
    rows = await onConsoleLane(ws, req.timeoutSeconds, async (conn) => {
      const q = await checkQuery(conn, req.sql);
      if (req.format === 'xlsx') return writeXlsx(conn, q.body, file);
      return req.format === 'csv' ? writeCsv(conn, q.body, file) : copyToParquet(conn, q.body, file);
    });
  } catch (e) {
    fs.rmSync(file, { force: true });
    throw e;
  }
  const bytes = fs.statSync(file).size;
  const fileName = target ? path.basename(target) : `sotong-query-${stamp()}${ext}`;
  const base = { format: req.format, rows, bytes, fileName, elapsedMs: Math.round(performance.now() - t0) };
  if (target) {
    moveFile(file, target);
    return { ...base, path: target };
  }
  registry.set(id, { file, fileName, contentType });
  return { ...base, downloadId: id };
}
