/** Turning Arrow results and JSON values into what the CLI prints. */
import { tableFromIPC, type Table } from 'apache-arrow';
import { plainValue } from '../common/plain';

export type OutputFormat = 'csv' | 'json';

/** Arrow bytes → plain row objects (dates as YYYY-MM-DD, int64 as numbers). */
export function arrowRows(bytes: Uint8Array): { columns: string[]; rows: Record<string, unknown>[] } {
  const table: Table = tableFromIPC(bytes);
  const columns = table.schema.fields.map((f) => f.name);
  const types = table.schema.fields.map((f) => f.type);
  const rows: Record<string, unknown>[] = [];
  const vectors = columns.map((_, i) => table.getChildAt(i));
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      row[c] = plainValue(vectors[i]?.get(r), types[i]!);
    });
    rows.push(row);
  }
  return { columns, rows };
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  return lines.join('\n') + '\n';
}

export function formatTable(bytes: Uint8Array, format: OutputFormat): string {
  const { columns, rows } = arrowRows(bytes);
  return format === 'json' ? JSON.stringify(rows) + '\n' : toCsv(columns, rows);
}
