/** A KPI card: label, value, definition, optional note (e.g. why a value is missing). */
import { Definition } from './Definition';

export function Kpi({ label, value, definition, note, testId }: { label: string; value: string; definition: string; note?: string; testId?: string }) {
  return (
    <div className="kpi" data-testid={testId}>
      <div className="kpi-label">
        {label} <Definition text={definition} />
      </div>
      <div className="kpi-value">{value}</div>
      {note && <div className="kpi-note">{note}</div>}
    </div>
  );
}
