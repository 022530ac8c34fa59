/** Settings: language; profile (Analyst / Leadership) with its threshold k; the audit log. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { decodeTable, type DecodedTable } from '../api/client';
import { DataTable } from '../components/DataTable';
import { useProfile } from '../components/profile';
import { useApi } from '../components/useApi';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

const NAMES: Record<Language, string> = { en: 'English', ko: '한국어' };

export function SettingsScreen() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { profile, leadership, set } = useProfile();
  const [k, setK] = useState(String(profile?.k ?? 5));
  const [audit, setAudit] = useState<DecodedTable>();
  useEffect(() => setK(String(profile?.k ?? 5)), [profile?.k]);
  useEffect(() => {
    if (leadership) return setAudit(undefined);
    void api('auditLog', { limit: 50 }).then((b) => b && setAudit(decodeTable(b)));
  }, [api, leadership, profile]);

  const choose = async (next: 'analyst' | 'leadership') => {
    if (next === 'analyst' && leadership) {
      if (!window.confirm(t('privacy.confirmLeave'))) return;
      await set({ profile: 'analyst', confirm: true });
    } else {
      await set({ profile: next, k: Number(k) });
    }
  };

  return (
    <section className="screen" data-testid="screen-settings">
      <h1>{t('screens.settings.title')}</h1>
      <fieldset className="field">
        <legend>{t('screens.settings.language')}</legend>
        {LANGUAGES.map((l) => (
          <label key={l} className="radio">
            <input type="radio" name="language" value={l} checked={i18n.language === l} onChange={() => setLanguage(l)} data-testid={`language-${l}`} />
            {NAMES[l]}
          </label>
        ))}
        <p className="hint">{t('screens.settings.languageHint')}</p>
      </fieldset>
      <fieldset className="field" data-testid="profile-settings">
        <legend>{t('privacy.profile')}</legend>
        {(['analyst', 'leadership'] as const).map((p) => (
          <label key={p} className="radio">
            <input type="radio" name="profile" checked={profile?.profile === p} onChange={() => void choose(p)} data-testid={`profile-${p}`} />
            {t(`privacy.${p}`)}
          </label>
        ))}
        <p className="hint">{t(`privacy.${profile?.profile ?? 'analyst'}Hint`)}</p>
        <label className="inline">
          {t('privacy.k')}{' '}
          <input type="number" min={2} step={1} value={k} onChange={(e) => setK(e.target.value)} data-testid="profile-k" style={{ width: 70 }} />
        </label>{' '}
        <button type="button" onClick={() => void set({ profile: profile?.profile ?? 'analyst', k: Number(k) })} data-testid="profile-k-apply">
          {t('privacy.apply')}
        </button>
        <p className="hint">{t('privacy.kHint')}</p>
      </fieldset>
      {audit && (
        <>
          <div className="section-title">
            <span>{t('privacy.audit')}</span>
          </div>
          {audit.rows.length ? <DataTable columns={audit.columns} rows={audit.rows} testId="audit-log" /> : <p className="note">{t('privacy.noAudit')}</p>}
        </>
      )}
    </section>
  );
}
