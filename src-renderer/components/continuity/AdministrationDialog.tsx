/**
 * Add, edit or delete one administration. The engine checks the period (not
 * inverted, no overlap with another) and its message is shown here, in the
 * dialog, so the user can fix the dates without losing what they typed.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Administration } from '../../../src-main/common/continuityApi';
import { call } from '../../api/client';

interface Draft {
  administration_id: string;
  name: string;
  head: string;
  starts_on: string;
  ends_on: string;
  agenda: string;
}

const draftOf = (a: Administration | null): Draft => ({
  administration_id: a?.administration_id ?? '',
  name: a?.name ?? '',
  head: a?.head ?? '',
  starts_on: a?.starts_on ?? '',
  ends_on: a?.ends_on ?? '',
  agenda: a?.agenda ?? '',
});

export function AdministrationDialog({ admin, onClose, onSaved }: { admin: Administration | null; onClose: () => void; onSaved: (deleted?: string) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(admin));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const isNew = admin === null;

  useEffect(() => {
    first.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const field = (key: keyof Draft) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => {
      setDraft({ ...draft, [key]: e.target.value });
      setConfirmDelete(false);
    },
    'data-testid': `ct-admin-${key}`,
  });

  const save = async () => {
    setBusy(true);
    setError(undefined);
    const text = (s: string) => (s.trim() === '' ? null : s.trim());
    const r = isNew
      ? await call('addAdministration', {
          administration_id: draft.administration_id.trim(),
          starts_on: draft.starts_on,
          ends_on: text(draft.ends_on),
          ...(text(draft.name) ? { name: draft.name.trim() } : {}),
          ...(text(draft.head) ? { head: draft.head.trim() } : {}),
          ...(text(draft.agenda) ? { agenda: draft.agenda.trim() } : {}),
        })
      : await call('updateAdministration', {
          administration_id: draft.administration_id,
          name: text(draft.name),
          head: text(draft.head),
          starts_on: draft.starts_on,
          ends_on: text(draft.ends_on),
          agenda: text(draft.agenda),
        });
    setBusy(false);
    if (r.ok) onSaved();
    else setError(r.error.message);
  };

  const remove = async () => {
    if (!confirmDelete) return setConfirmDelete(true);
    setBusy(true);
    const r = await call('deleteAdministration', { administration_id: draft.administration_id });
    setBusy(false);
    if (r.ok) onSaved(r.value.deleted);
    else setError(r.error.message);
  };

  return (
    <div className="ct-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        className="ct-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="ct-dialog-title"
        data-testid="ct-admin-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2 id="ct-dialog-title">{isNew ? t('continuity.dialog.addTitle') : t('continuity.dialog.editTitle', { id: draft.administration_id })}</h2>
        <div className="ct-dialog-grid">
          <label>
            {t('continuity.dialog.id')}
            <input ref={isNew ? first : undefined} {...field('administration_id')} readOnly={!isNew} required placeholder="park-2011" />
            <span className="hint">{t('continuity.dialog.idHint')}</span>
          </label>
          <label>
            {t('continuity.dialog.head')}
            <input ref={isNew ? undefined : first} {...field('head')} placeholder="Park Won-soon" />
          </label>
          <label className="ct-dialog-wide">
            {t('continuity.dialog.name')}
            <input {...field('name')} placeholder="Park Won-soon administration" />
          </label>
          <label>
            {t('continuity.dialog.startsOn')}
            <input type="date" {...field('starts_on')} required />
          </label>
          <label>
            {t('continuity.dialog.endsOn')}
            <input type="date" {...field('ends_on')} />
            <span className="hint">{t('continuity.dialog.endsOnHint')}</span>
          </label>
          <label className="ct-dialog-wide">
            {t('continuity.dialog.agenda')}
            <textarea rows={2} {...field('agenda')} />
          </label>
        </div>
        {error && (
          <div className="ct-error" role="alert" data-testid="ct-admin-error">
            {error}
          </div>
        )}
        <div className="toolbar ct-dialog-actions">
          {!isNew && (
            <button type="button" className={confirmDelete ? 'ct-danger' : undefined} onClick={() => void remove()} disabled={busy} data-testid="ct-admin-delete">
              {confirmDelete ? t('continuity.dialog.confirmDelete', { id: draft.administration_id }) : t('continuity.dialog.delete')}
            </button>
          )}
          <span className="ct-spacer" />
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="ct-admin-save">
            {busy ? t('continuity.dialog.saving') : t('continuity.dialog.save')}
          </button>
        </div>
      </form>
    </div>
  );
}
