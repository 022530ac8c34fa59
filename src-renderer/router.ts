/**
 * Hash routing: `#/departments?from=2019-01-01&channel=forum`. A screen's
 * filters live in the URL, so a view can be bookmarked and reopened.
 */
import { useEffect, useState } from 'react';

export const SCREENS = ['dashboard', 'import', 'departments', 'continuity', 'evaluation', 'sql', 'settings'] as const;
export type ScreenId = (typeof SCREENS)[number];

export interface Route {
  screen: ScreenId;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const [p = '', q = ''] = hash.replace(/^#\/?/, '').split('?');
  const screen = (SCREENS as readonly string[]).includes(p) ? (p as ScreenId) : 'dashboard';
  return { screen, params: new URLSearchParams(q) };
}

export function navigate(screen: ScreenId, params?: URLSearchParams | Record<string, string>): void {
  const q = params ? new URLSearchParams(params as Record<string, string>).toString() : '';
  window.location.hash = `#/${screen}${q ? `?${q}` : ''}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
