/** A plain table of decoded rows with a row cap; big results page in the engine (SQL console). */
import { useTranslation } from 'react-i18next';
import type { Row } from '../api/client';
import { formatCell } from '../format';
import { Suppressed } from './Suppressed';

export function DataTable({ columns, rows, maxRows = 500, testId }: { columns: string[]; rows: Row[]; maxRows?: number; testId?: string }) {
  const { i18n } = useTranslation();
  const shown = rows.slice(0, maxRows);
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c} className={typeof r[c] === 'number' ? 'num' : undefined}>
                  {r.suppressed === true && r[c] === null ? <Suppressed /> : formatCell(r[c], i18n.language)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
