/** The schema browser: tables and views with row counts, their columns and types, one-click DESCRIBE / SUMMARIZE. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SqlSchemaEntry } from '../../../src-main/common/sqlApi';

interface Props {
  entries: SqlSchemaEntry[] | undefined;
  onRun: (sql: string) => void;
  onInsert: (text: string) => void;
}

export function SchemaPanel({ entries, onRun, onInsert }: Props) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<Set<string>>(new Set());
  if (!entries) return <div className="hint">{t('common.loading')}</div>;
  const toggle = (name: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  return (
    <ul className="sql-schema" data-testid="sql-schema">
      {entries.map((e) => (
        <li key={`${e.kind}:${e.name}`} className={`sql-schema-entry sql-kind-${e.kind}`}>
          <div className="sql-schema-head">
            <button type="button" className="sql-schema-toggle" aria-expanded={open.has(e.name)} onClick={() => toggle(e.name)} title={e.description ?? e.name}>
              <span className="sql-schema-caret">{open.has(e.name) ? '▾' : '▸'}</span>
              <span className="sql-schema-name">{e.name}</span>
            </button>
            <span className="sql-schema-rows">{e.rows === null ? '' : e.rows.toLocaleString(i18n.language)}</span>
          </div>
          {open.has(e.name) && (
            <div className="sql-schema-body">
              {e.description && <p className="sql-schema-desc">{e.description}</p>}
              <div className="sql-schema-actions">
                <button type="button" onClick={() => onRun(`DESCRIBE ${e.ref}`)} data-testid={`sql-describe-${e.name}`}>
                  DESCRIBE
                </button>
                <button type="button" onClick={() => onRun(`SUMMARIZE ${e.ref}`)} data-testid={`sql-summarize-${e.name}`}>
                  SUMMARIZE
                </button>
                <button type="button" onClick={() => onRun(`FROM ${e.ref} LIMIT 1000`)}>{t('screens.sql.preview')}</button>
              </div>
              <ul className="sql-schema-columns">
                {e.columns.map((c) => (
                  <li key={c.name}>
                    <button type="button" className="link" title={t('screens.sql.insertColumn')} onClick={() => onInsert(/^[a-z_][a-z0-9_]*$/.test(c.name) ? c.name : `"${c.name.replaceAll('"', '""')}"`)}>
                      {c.name}
                    </button>
                    <span className="sql-schema-type">{c.type}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
