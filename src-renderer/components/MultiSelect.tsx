/** A compact multi-select: a button that opens a searchable checklist. Empty selection means "all". */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface Option {
  value: string;
  label: string;
}

export function MultiSelect({ label, options, selected, onChange, testId }: { label: string; options: Option[]; selected: string[]; onChange: (v: string[]) => void; testId?: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const root = useRef<HTMLDivElement>(null);
  // Close on a click outside or Escape, as a native select does.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  const shown = options.filter((o) => !query || o.label.toLowerCase().includes(query.toLowerCase()) || o.value.toLowerCase().includes(query.toLowerCase()));
  const toggle = (v: string) => onChange(selected.includes(v) ? selected.filter((x) => x !== v) : [...selected, v]);
  return (
    <div className="multiselect" data-testid={testId} ref={root}>
      <button type="button" className={selected.length ? 'active' : undefined} onClick={() => setOpen(!open)} aria-expanded={open}>
        {label}: {selected.length === 0 ? t('scope.all') : selected.length === 1 ? (options.find((o) => o.value === selected[0])?.label ?? selected[0]) : t('scope.selected', { count: selected.length })} ▾
      </button>
      {open && (
        <div className="multiselect-panel" role="listbox">
          <input type="search" placeholder={t('scope.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
          <button type="button" className="link" onClick={() => onChange([])}>
            {t('scope.clear')}
          </button>
          <ul>
            {shown.map((o) => (
              <li key={o.value}>
                <label>
                  <input type="checkbox" checked={selected.includes(o.value)} onChange={() => toggle(o.value)} data-testid={testId ? `${testId}-${o.value}` : undefined} />
                  {o.label}
                </label>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setOpen(false)}>
            {t('scope.done')}
          </button>
        </div>
      )}
    </div>
  );
}
