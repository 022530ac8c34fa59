/**
 * The question asked: A (before) and B (after), with ‹ › stepping through
 * adjacent pairs that have events on both sides; the window W, the minimum
 * m, the ITS series; and the department/bureau/channel/program filters (the
 * continuity scope takes no dates: the administrations set the windows).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Catalog } from '../../../src-main/common/api';
import type { Administration } from '../../../src-main/common/continuityApi';
import { CONTINUITY_SERIES } from '../../../src-main/common/continuityApi';
import type { Scope } from '../../../src-main/common/scope';
import { Definition } from '../Definition';
import { MultiSelect } from '../MultiSelect';
import { headOf, yearsOf, type ContinuityView } from './model';

export interface ControlsProps {
  admins: Administration[];
  /** Adjacent pairs [A, B] with events on both sides, in time order. */
  pairs: [string, string][];
  view: ContinuityView;
  before: string | undefined;
  after: string | undefined;
  setView: (patch: Partial<ContinuityView>) => void;
  catalog: Catalog | undefined;
  scope: Scope;
  setScope: (s: Scope) => void;
}

/** A number field that writes to the URL once typing pauses. */
function NumberField({ label, definition, value, onCommit, testId }: { label: string; definition: string; value: string; onCommit: (v: string) => void; testId: string }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onCommit(text), 400);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <label>
      <span>
        {label} <Definition text={definition} />
      </span>
      <input type="number" step={1} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && onCommit(text)} data-testid={testId} className="ct-number" />
    </label>
  );
}

export function ContinuityControls({ admins, pairs, view, before, after, setView, catalog, scope, setScope }: ControlsProps) {
  const { t, i18n } = useTranslation();
  const ko = i18n.language === 'ko';
  const at = pairs.findIndex(([a, b]) => a === before && b === after);
  const prev = at < 0 ? pairs.length - 1 : at - 1;
  const next = at < 0 ? 0 : at + 1;
  const go = (i: number) => {
    const p = pairs[i];
    if (p) setView({ before: p[0], after: p[1] });
  };
  const option = (a: Administration) => (
    <option key={a.administration_id} value={a.administration_id}>
      {headOf(a)} ({yearsOf(a)}) · {a.administration_id}
    </option>
  );

  return (
    <div className="ct-controls scope-bar" data-testid="ct-controls">
      <div className="ct-pair">
        <label>
          {t('continuity.controls.before')}
          <select value={before ?? ''} onChange={(e) => setView({ before: e.target.value, after })} data-testid="ct-before">
            {!before && <option value="" />}
            {admins.map(option)}
          </select>
        </label>
        <div className="ct-stepper">
          <button type="button" onClick={() => go(prev)} disabled={prev < 0 || pairs.length === 0} title={t('continuity.controls.prevPair')} aria-label={t('continuity.controls.prevPair')} data-testid="ct-prev-pair">
            ‹
          </button>
          <span className="ct-pair-count" data-testid="ct-pair-count">
            {at >= 0 ? t('continuity.controls.pair', { n: at + 1, total: pairs.length }) : t('continuity.controls.custom')}
          </span>
          <button type="button" onClick={() => go(next)} disabled={next >= pairs.length} title={t('continuity.controls.nextPair')} aria-label={t('continuity.controls.nextPair')} data-testid="ct-next-pair">
            ›
          </button>
        </div>
        <label>
          {t('continuity.controls.after')}
          <select value={after ?? ''} onChange={(e) => setView({ before, after: e.target.value })} data-testid="ct-after">
            {!after && <option value="" />}
            {admins.map(option)}
          </select>
        </label>
      </div>
      <NumberField label={t('continuity.controls.window')} definition={t('continuity.controls.windowDef')} value={view.window} onCommit={(v) => setView({ window: v })} testId="ct-window" />
      <NumberField label={t('continuity.controls.minEvents')} definition={t('continuity.controls.minEventsDef')} value={view.m} onCommit={(v) => setView({ m: v })} testId="ct-min-events" />
      <label>
        <span>
          {t('continuity.controls.series')} <Definition text={t('continuity.controls.seriesDef')} />
        </span>
        <select value={view.series} onChange={(e) => setView({ series: e.target.value as ContinuityView['series'] })} data-testid="ct-series">
          {CONTINUITY_SERIES.map((s) => (
            <option key={s} value={s}>
              {t(`continuity.series.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="ct-filters">
        <MultiSelect
          label={t('scope.departments')}
          testId="ct-scope-departments"
          options={(catalog?.departments ?? []).map((d) => ({ value: d.department_id, label: `${(ko ? d.name : (d.name_en ?? d.name)) ?? d.department_id}` }))}
          selected={scope.departments ?? []}
          onChange={(v) => setScope({ ...scope, departments: v.length ? v : undefined })}
        />
        <MultiSelect
          label={t('scope.bureaus')}
          testId="ct-scope-bureaus"
          options={(catalog?.bureaus ?? []).map((b) => ({ value: b, label: b }))}
          selected={scope.bureaus ?? []}
          onChange={(v) => setScope({ ...scope, bureaus: v.length ? v : undefined })}
        />
        <MultiSelect
          label={t('scope.channels')}
          testId="ct-scope-channels"
          options={(catalog?.channels ?? []).map((c) => ({ value: c, label: t(`channel.${c}`, c) }))}
          selected={scope.channels ?? []}
          onChange={(v) => setScope({ ...scope, channels: v.length ? (v as Scope['channels']) : undefined })}
        />
        <MultiSelect
          label={t('scope.programs')}
          testId="ct-scope-programs"
          options={(catalog?.programs ?? []).map((p) => ({ value: p, label: p }))}
          selected={scope.programs ?? []}
          onChange={(v) => setScope({ ...scope, programs: v.length ? v : undefined })}
        />
      </div>
    </div>
  );
}
