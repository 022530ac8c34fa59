/**
 * The profile the engine runs in (Analyst / Leadership) and its suppression
 * threshold k. The engine enforces it; the UI only follows: it hides what the
 * engine would refuse and shows "< k" where the engine suppressed a value.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ProfileState } from '../../src-main/common/privacyApi';
import { useApi } from './useApi';

interface ProfileContextValue {
  profile: ProfileState | undefined;
  leadership: boolean;
  refresh(): Promise<void>;
  set(next: { profile: ProfileState['profile']; k?: number; confirm?: boolean }): Promise<boolean>;
}

const ProfileContext = createContext<ProfileContextValue>({ profile: undefined, leadership: false, refresh: async () => undefined, set: async () => false });

export const useProfile = (): ProfileContextValue => useContext(ProfileContext);

export function ProfileProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [profile, setProfile] = useState<ProfileState>();
  const refresh = useCallback(async () => setProfile(await api('getProfile', {})), [api]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const set = useCallback(
    async (next: { profile: ProfileState['profile']; k?: number; confirm?: boolean }) => {
      const r = await api('setProfile', next);
      if (r) {
        setProfile(r);
        window.dispatchEvent(new Event('sotong:data-changed'));
      }
      return !!r;
    },
    [api],
  );
  const value = useMemo(() => ({ profile, leadership: profile?.profile === 'leadership', refresh, set }), [profile, refresh, set]);
  return <ProfileContext.Provider value={value}>{children}</ProfileContext.Provider>;
}

/** Screens a Leadership profile can open (the engine refuses the others' data anyway). */
export const LEADERSHIP_SCREENS = new Set(['dashboard', 'departments', 'continuity', 'settings']);
