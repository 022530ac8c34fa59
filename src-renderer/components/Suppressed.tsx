/** A value the engine suppressed in the Leadership profile: "< k", with the reason on hover. */
import { useTranslation } from 'react-i18next';
import { useProfile } from './profile';

export function Suppressed() {
  const { t } = useTranslation();
  const k = useProfile().profile?.k ?? 5;
  return (
    <span className="suppressed" title={t('privacy.suppressedTooltip', { k })} data-testid="suppressed">
      {`< ${k}`}
    </span>
  );
}
