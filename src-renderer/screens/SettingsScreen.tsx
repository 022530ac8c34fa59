import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

const NAMES: Record<Language, string> = { en: 'English', ko: '한국어' };

export function SettingsScreen() {
  const { t, i18n } = useTranslation();
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
    </section>
  );
}
