/** The open workspace, its schema version and row counts. */
import { useTranslation } from 'react-i18next';
import type { WorkspaceInfo } from '../../src-main/common/api';
import { formatInt } from '../format';
import { useProfile } from './profile';

export function Header({ info }: { info: WorkspaceInfo | undefined }) {
  const { t, i18n } = useTranslation();
  const { profile } = useProfile();
  return (
    <header className="app-header" data-testid="workspace-header">
      <div className="brand">
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
      {profile && (
        <span className={`badge profile-badge profile-${profile.profile}`} data-testid="profile-badge" title={t(`privacy.${profile.profile}Hint`)}>
          {t(`privacy.${profile.profile}`)}
          {profile.profile === 'leadership' ? ` · k = ${profile.k}` : ''}
        </span>
      )}
      {info ? (
        <div className="workspace">
          <span className="workspace-label">{t('header.workspace')}</span>
          <span className="workspace-path" title={info.path} data-testid="workspace-path">
            {info.path.split(/[\\/]/).pop()}
          </span>
          <span className="badge">{t('header.schema', { version: info.schemaVersion })}</span>
          {info.readOnly && (
            <span className="badge badge-warn" title={info.readOnlyReason}>
              {t('header.readOnly')}
            </span>
          )}
          <ul className="row-counts">
            {info.tables
              .filter((x) => x.name !== 'imports')
              .map((x) => (
                <li key={x.name} data-testid={`count-${x.name}`}>
                  <span className="count-value">{formatInt(x.rows, i18n.language)}</span> {t(`tables.${x.name}`, x.name)}
                </li>
              ))}
          </ul>
        </div>
      ) : (
        <div className="workspace">{t('header.loading')}</div>
      )}
    </header>
  );
}
