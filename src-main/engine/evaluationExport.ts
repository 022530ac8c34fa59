/**
 * Export of the evaluation table (every evaluated employee, the columns of
 * EVALUATION_COLUMNS, sorted by employee_id, full double precision) with the
 * setup it was computed with, so an HR system can show what a score means:
 * XLSX carries it as a header block above the table, Parquet as key-value
 * metadata (`sotong.evaluation_setup`, JSON), CSV in a sidecar JSON that the
 * caller writes next to it (the same record: `evaluationSetupRecord`).
 * CSV and Parquet are written by DuckDB's COPY into the staging folder (the
 * only folder the workspace's DuckDB may write), read back and deleted.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { JSDuckDBValueConverter, type DuckDBConnection } from '@duckdb/node-api';
import type { FileExport } from '../common/api';
import {
  ARROW_META_EVALUATION_SETUP, COMPONENTS, EVALUATION_COLUMNS, evaluationExportBaseName, evaluationSetupRecord,
  type EvaluationExportFormat, type EvaluationSettings, type EvaluationSetupRecord,
} from '../common/evaluationApi';
import { components, scoredParams, scoredSql } from './evaluation';
import { sqlString, type Workspace } from './workspace';

const MIME: Record<EvaluationExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  parquet: 'application/vnd.apache.parquet',
};

export interface EvaluationExportRequest extends EvaluationSettings {
  format: EvaluationExportFormat;
  setupName?: string;
}

const selectSql = (table: string): string =>
  `SELECT ${EVALUATION_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM ${scoredSql(table)} ORDER BY employee_id`;

/** The lines of the XLSX header block: label, value. */
export function setupHeaderLines(r: EvaluationSetupRecord): [string, string | number][] {
  return [
    ['Sotong evaluation export', ''],
    ['setup', r.setup_name ?? '(unsaved settings)'],
    ['period', r.period],
    ['engagement weight w', r.weight],
    ['component weights', COMPONENTS.map((c) => `${c}=${r.weights[c]}`).join(', ')],
    ['peer grouping', r.peer],
    ['exported at', r.exported_at],
    ['rows', r.rows],
    ['definitions', r.definitions],
  ];
}

async function writeXlsx(conn: DuckDBConnection, sql: string, params: Record<string, number>, file: string, record: EvaluationSetupRecord): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const sheet = wb.addWorksheet('Sotong');
  for (const [label, value] of setupHeaderLines(record)) {
    const row = sheet.addRow(value === '' ? [label] : [label, value]);
    row.getCell(1).font = { bold: true };
    row.commit();
  }
  sheet.addRow([]).commit();
  const head = sheet.addRow([...EVALUATION_COLUMNS]);
  head.font = { bold: true };
  head.commit();
  const result = await conn.stream(sql, params);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (const row of chunk.convertRows(JSDuckDBValueConverter)) sheet.addRow(row as ExcelJS.CellValue[]).commit();
  }
  sheet.commit();
  await wb.commit();
}

/** The evaluation table of the settings as one file; `exportedAt` is for tests. */
export async function evaluationExport(ws: Workspace, req: EvaluationExportRequest, exportedAt = new Date()): Promise<FileExport> {
  const dir = path.join(ws.stagingDir, 'exports');
  fs.mkdirSync(dir, { recursive: true });
  // Our own path (staging folder + random id), never user text.
  const file = path.join(dir, `evaluation-${crypto.randomBytes(12).toString('hex')}.${req.format}`);
  try {
    await ws.use('read', async (conn) => {
      const entry = await components(ws, conn, req.period, req.peer);
      const record = evaluationSetupRecord(req, entry.n, exportedAt, req.setupName);
      const sql = selectSql(entry.table);
      const params = scoredParams(req) as Record<string, number>;
      if (req.format === 'xlsx') return writeXlsx(conn, sql, params, file, record);
      const options =
        req.format === 'csv'
          ? 'FORMAT csv, HEADER true'
          : `FORMAT parquet, COMPRESSION zstd, KV_METADATA {'${ARROW_META_EVALUATION_SETUP}': '${sqlString(JSON.stringify(record))}'}`;
      await conn.run(`COPY (${sql}) TO '${sqlString(file)}' (${options})`, params);
    });
    const bytes = new Uint8Array(fs.readFileSync(file));
    return { kind: 'file', filename: `${evaluationExportBaseName(req)}.${req.format}`, mime: MIME[req.format], bytes };
  } finally {
    fs.rmSync(file, { force: true });
  }
}
