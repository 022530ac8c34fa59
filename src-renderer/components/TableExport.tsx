/** CSV and XLSX buttons for a table on screen. */
import type { Row } from '../api/client';
import { exportCsv, exportXlsx } from './exporters';

export function TableExport({ columns, rows, filename, header }: { columns: string[]; rows: Row[]; filename: string; header?: string[] }) {
  return (
    <span className="table-export">
      <button type="button" disabled={rows.length === 0} onClick={() => exportCsv(columns, rows, `${filename}.csv`)}>CSV</button>
      <button type="button" disabled={rows.length === 0} onClick={() => void exportXlsx(columns, rows, `${filename}.xlsx`, header)}>XLSX</button>
    </span>
  );
}
