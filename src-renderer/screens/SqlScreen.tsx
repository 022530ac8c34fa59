/** The researchers' SQL console: one read-only query, run in the engine, results as Arrow. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { decodeTable, type DecodedTable } from '../api/client';
import { DataTable } from '../components/DataTable';
import { useApi } from '../components/useApi';

export function SqlScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const [sql, setSql] = useState('SELECT channel, count(*) AS events, sum(citizens_reached) AS citizens_reached\nFROM events GROUP BY channel ORDER BY events DESC');
  const [result, setResult] = useState<{ table: DecodedTable; ms: number }>();
  const [running, setRunning] = useState(false);

  const run = async () => {
    setRunning(true);
    const t0 = performance.now();
    const bytes = await api('sql', { sql, maxRows: 10_000 });
    setRunning(false);
    if (bytes) setResult({ table: decodeTable(bytes), ms: Math.round(performance.now() - t0) });
  };

  return (
    <section className="screen" data-testid="screen-sql">
      <h1>{t('screens.sql.title')}</h1>
      <p className="hint">{t('screens.sql.hint')}</p>
      <textarea
        className="sql-editor"
        value={sql}
        spellCheck={false}
        placeholder={t('screens.sql.placeholder')}
        data-testid="sql-editor"
        onChange={(e) => setSql(e.target.value)}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
            e.preventDefault();
            void run();
          }
        }}
      />
      <div className="toolbar">
        <button type="button" className="primary" disabled={running} onClick={() => void run()} data-testid="sql-run">
          {t('common.run')}
        </button>
        <button type="button" disabled={!running} onClick={() => void api('cancel', {})}>
          {t('common.cancel')}
        </button>
        {result && (
          <span className="status" data-testid="sql-status">
            {t('common.rows', { count: result.table.rows.length })} · {t('common.elapsed', { ms: result.ms })}
            {result.table.truncated && ` · ${t('common.truncated', { count: result.table.rows.length })}`}
          </span>
        )}
      </div>
      {result && <DataTable columns={result.table.columns} rows={result.table.rows} testId="sql-result" />}
    </section>
  );
}
