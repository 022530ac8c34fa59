/** The app frame: header, navigation, error banner, and the screen of the current route. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkspaceInfo } from '../src-main/common/api';
import { ErrorProvider } from './components/errors';
import { LEADERSHIP_SCREENS, ProfileProvider, useProfile } from './components/profile';
import { Header } from './components/Header';
import { useApi } from './components/useApi';
import { SCREENS, navigate, useRoute, type ScreenId } from './router';
import { DepartmentsScreen } from './screens/DepartmentsScreen';
import { EvaluationScreen } from './screens/EvaluationScreen';
import { ContinuityScreen } from './screens/ContinuityScreen';
import { DashboardScreen } from './screens/DashboardScreen';
import { ImportScreen } from './screens/ImportScreen';
import { Placeholder } from './screens/Placeholder';
import { SettingsScreen } from './screens/SettingsScreen';
import { SqlScreen } from './screens/SqlScreen';

export function App() {
  return (
    <ErrorProvider>
      <ProfileProvider>
        <Shell />
      </ProfileProvider>
    </ErrorProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const api = useApi();
  const route = useRoute();
  const { leadership } = useProfile();
  const [info, setInfo] = useState<WorkspaceInfo>();
  const refresh = useCallback(async () => setInfo(await api('info', {})), [api]);
  useEffect(() => {
    void refresh();
    const onData = () => void refresh();
    window.addEventListener('sotong:data-changed', onData);
    const off = window.sotong?.onWorkspaceChanged?.(onData);
    return () => {
      window.removeEventListener('sotong:data-changed', onData);
      off?.();
    };
  }, [refresh]);

  return (
    <div className="app">
      <Header info={info} />
      <div className="body">
        <nav className="nav" aria-label="Screens">
          {SCREENS.filter((s) => !leadership || LEADERSHIP_SCREENS.has(s)).map((s) => (
            <button key={s} type="button" className={s === route.screen ? 'active' : undefined} aria-current={s === route.screen ? 'page' : undefined} onClick={() => navigate(s)} data-testid={`nav-${s}`}>
              {t(`nav.${s}`)}
            </button>
          ))}
        </nav>
        <main className="content">
          {leadership && !LEADERSHIP_SCREENS.has(route.screen) ? <NotInLeadership /> : <Screen id={route.screen} />}
        </main>
      </div>
    </div>
  );
}

function Screen({ id }: { id: ScreenId }) {
  switch (id) {
    case 'dashboard':
      return <DashboardScreen />;
    case 'import':
      return <ImportScreen />;
    case 'departments':
      return <DepartmentsScreen />;
    case 'evaluation':
      return <EvaluationScreen />;
    case 'continuity':
      return <ContinuityScreen />;
    case 'sql':
      return <SqlScreen />;
    case 'settings':
      return <SettingsScreen />;
    default:
      return <Placeholder screen={id} />;
  }
}

function NotInLeadership() {
  const { t } = useTranslation();
  return (
    <section className="screen" data-testid="not-in-leadership">
      <p className="empty-state">{t('privacy.notInLeadership')}</p>
    </section>
  );
}
