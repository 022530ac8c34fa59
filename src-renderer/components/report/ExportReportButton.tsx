/**
 * "Export report": opens the dashboard's report view, which prints itself
 * (window.print(): the browser's or Electron's print dialog, "Save as PDF")
 * once every section is drawn, and logs the export in the audit log.
 */
import { useTranslation } from 'react-i18next';
import { navigate } from '../../router';

export function ExportReportButton({ year, metric }: { year: number; metric: string }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="primary" onClick={() => navigate('dashboard', { report: '1', print: '1', year: String(year), metric })} data-testid="db-export-report" title={t('report.exportHint')}>
      {t('report.export')}
    </button>
  );
}
