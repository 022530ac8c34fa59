/** Helpers shared by the Evaluation screen's parts: debouncing, calls without the error banner, number formats per column. */
import { useEffect, useState } from 'react';
import type { ApiMethod, ApiRequest, ApiResponses } from '../../../src-main/common/api';
import type { EvaluationColumn } from '../../../src-main/common/evaluationApi';
import type { ApiError } from '../../../src-main/common/result';
import { call } from '../../api/client';
import { formatInt, formatNumber, formatPercent } from '../../format';

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** The state of one engine call whose errors are shown where the data would be (not in the banner). */
export type Loaded<T> = { state: 'idle' } | { state: 'loading'; previous?: T } | { state: 'ok'; value: T } | { state: 'error'; error: ApiError };

/**
 * Calls `method` whenever `request` (compared as JSON) changes; a reply to an
 * older request is dropped, so a fast slider never paints stale numbers last.
 */
export function useEngine<M extends ApiMethod>(method: M, request: ApiRequest<M> | undefined, reload = 0): Loaded<ApiResponses[M]> {
  const [loaded, setLoaded] = useState<Loaded<ApiResponses[M]>>({ state: 'idle' });
  const key = request === undefined ? '' : JSON.stringify(request);
  useEffect(() => {
    if (request === undefined) {
      setLoaded({ state: 'idle' });
      return;
    }
    let live = true;
    setLoaded((l) => ({ state: 'loading', previous: l.state === 'ok' ? l.value : l.state === 'loading' ? l.previous : undefined }));
    void call(method, request).then((r) => {
      if (!live) return;
      setLoaded(r.ok ? { state: 'ok', value: r.value } : { state: 'error', error: r.error });
    });
    return () => {
      live = false;
    };
  }, [method, key, reload]);
  return loaded;
}

/** The value to show: the new one, or the previous one while the next loads. */
export const shown = <T>(l: Loaded<T>): T | undefined => (l.state === 'ok' ? l.value : l.state === 'loading' ? l.previous : undefined);

/** Display format of each column of `evaluate` (the export keeps full precision). */
export function formatColumn(column: EvaluationColumn, v: unknown, lang: string): string {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'number') return String(v);
  if (column === 'engagement_share') return formatPercent(v, lang, 1);
  if (column.startsWith('pct_')) return formatNumber(v, lang, 1);
  if (column === 'rank_change') return v > 0 ? `+${formatInt(v, lang)}` : formatInt(v, lang);
  if (['events', 'diversity', 'cross', 'outcomes', 'rank_performance', 'rank_composite'].includes(column)) return formatInt(v, lang);
  return formatNumber(v, lang, 2);
}

/** A number for the scorecard's arithmetic: at most 2 decimals, the language's separators. */
export const num = (v: number, lang: string, digits = 2): string => formatNumber(v, lang, digits);
