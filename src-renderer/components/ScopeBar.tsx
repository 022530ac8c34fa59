/**
 * The filter bar of the analysis screens: date range (with a preset per
 * administration), departments, bureaus, channels, programs. The scope lives
 * in the URL (see router.ts), so a view can be reopened as it was.
 */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Catalog } from '../../src-main/common/api';
import type { Scope } from '../../src-main/common/scope';
import { navigate, useRoute, type ScreenId } from '../router';
import { MultiSelect } from './MultiSelect';

const LIST_KEYS = ['departments', 'bureaus', 'channels', 'programs'] as const;

export function scopeFromParams(params: URLSearchParams): Scope {
  const scope: Record<string, unknown> = {};
  const from = params.get('from');
  const to = params.get('to');
  if (from) scope.from = from;
  if (to) scope.to = to;
  for (const k of LIST_KEYS) {
    const v = params.getAll(k).filter(Boolean);
    if (v.length) scope[k] = v;
  }
  return scope as Scope;
}

/** The current screen's scope, and a setter that writes it into the URL (other params kept). */
export function useScope(screen: ScreenId): [Scope, (next: Scope) => void] {
  const route = useRoute();
  const key = route.params.toString();
  const scope = useMemo(() => scopeFromParams(route.params), [key]);
  const setScope = useCallback(
    (next: Scope) => {
      const params = new URLSearchParams(route.params);
      for (const k of ['from', 'to', ...LIST_KEYS]) params.delete(k);
      if (next.from) params.set('from', next.from);
      if (next.to) params.set('to', next.to);
      for (const k of LIST_KEYS) for (const v of next[k] ?? []) params.append(k, v);
      navigate(screen, params);
    },
    [key, screen],
  );
  return [scope, setScope];
}

export function ScopeBar({ catalog, scope, onChange, screen }: { catalog: Catalog | undefined; scope: Scope; onChange: (s: Scope) => void; screen: string }) {
  const { t, i18n } = useTranslation();
  const ko = i18n.language === 'ko';
  const preset = catalog?.administrations.find((a) => a.starts_on === scope.from && (a.ends_on ?? catalog.span.to) === scope.to)?.administration_id ?? '';
  return (
    <div className="scope-bar" data-testid={`${screen}-scope`}>
      <label>
        {t('scope.from')}
        <input type="date" value={scope.from ?? ''} onChange={(e) => onChange({ ...scope, from: e.target.value || undefined })} data-testid="scope-from" />
      </label>
      <label>
        {t('scope.to')}
        <input type="date" value={scope.to ?? ''} onChange={(e) => onChange({ ...scope, to: e.target.value || undefined })} data-testid="scope-to" />
      </label>
      <label>
        {t('scope.administration')}
        <select
          value={preset}
          data-testid="scope-administration"
          onChange={(e) => {
            const a = catalog?.administrations.find((x) => x.administration_id === e.target.value);
            onChange(a ? { ...scope, from: a.starts_on, to: a.ends_on ?? catalog?.span.to ?? undefined } : { ...scope, from: undefined, to: undefined });
          }}
        >
          <option value="">{t('scope.allTime')}</option>
          {catalog?.administrations.map((a) => (
            <option key={a.administration_id} value={a.administration_id}>
              {a.head ?? a.name} ({a.starts_on.slice(0, 4)}–{a.ends_on?.slice(0, 4) ?? ''})
            </option>
          ))}
        </select>
      </label>
      <MultiSelect
        label={t('scope.departments')}
        testId="scope-departments"
        options={(catalog?.departments ?? []).map((d) => ({ value: d.department_id, label: `${(ko ? d.name : (d.name_en ?? d.name)) ?? d.department_id}` }))}
        selected={scope.departments ?? []}
        onChange={(v) => onChange({ ...scope, departments: v.length ? v : undefined })}
      />
      <MultiSelect
        label={t('scope.bureaus')}
        testId="scope-bureaus"
        options={(catalog?.bureaus ?? []).map((b) => ({ value: b, label: b }))}
        selected={scope.bureaus ?? []}
        onChange={(v) => onChange({ ...scope, bureaus: v.length ? v : undefined })}
      />
      <MultiSelect
        label={t('scope.channels')}
        testId="scope-channels"
        options={(catalog?.channels ?? []).map((c) => ({ value: c, label: t(`channel.${c}`, c) }))}
        selected={scope.channels ?? []}
        onChange={(v) => onChange({ ...scope, channels: v.length ? (v as Scope['channels']) : undefined })}
      />
      <MultiSelect
        label={t('scope.programs')}
        testId="scope-programs"
        options={(catalog?.programs ?? []).map((p) => ({ value: p, label: p }))}
        selected={scope.programs ?? []}
        onChange={(v) => onChange({ ...scope, programs: v.length ? v : undefined })}
      />
    </div>
  );
}
