/** The empty state of a screen whose content is not built yet: says what will be there. */
import { useTranslation } from 'react-i18next';

export function Placeholder({ screen }: { screen: 'dashboard' | 'import' | 'departments' | 'continuity' | 'evaluation' }) {
  const { t } = useTranslation();
  return (
    <section className="screen" data-testid={`screen-${screen}`}>
      <h1>{t(`screens.${screen}.title`)}</h1>
      <p className="empty-state">{t(`screens.${screen}.empty`)}</p>
    </section>
  );
}
