/**
 * Shared pieces of the Continuity screen: the administrations as the screen
 * sees them, one colour per administration (the strip, the timeline and the
 * table use the same), month arithmetic, and the view's state in the URL.
 */
import { useCallback, useMemo } from 'react';
import type { Administration, ContinuitySeries } from '../../../src-main/common/continuityApi';
import { CONTINUITY_SERIES } from '../../../src-main/common/continuityApi';
import type { Row } from '../../api/client';
import { navigate, parseHash, useRoute } from '../../router';

/** Qualitative palette (colour-blind aware, after Okabe–Ito and Tableau 10). */
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#e15759', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#8cd17d'];
export const NO_ADMINISTRATION_COLOUR = '#b8c0ca';

export const colourOf = (admins: readonly Administration[], id: string | null | undefined): string => {
  const i = admins.findIndex((a) => a.administration_id === id);
  return i < 0 ? NO_ADMINISTRATION_COLOUR : PALETTE[i % PALETTE.length]!;
};

/** The administration's label: its head's name, else its name, else its id. */
export const headOf = (a: Administration): string => a.head ?? a.name ?? a.administration_id;

/** '2006–2011', or '2021–' while in office. */
export const yearsOf = (a: Administration): string => `${a.starts_on.slice(0, 4)}–${a.ends_on ? a.ends_on.slice(0, 4) : ''}`;

export function toAdministrations(rows: Row[]): Administration[] {
  const s = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
  return rows.map((r) => ({
    administration_id: String(r.administration_id),
    name: s(r.name),
    head: s(r.head),
    starts_on: String(r.starts_on).slice(0, 10),
    ends_on: s(r.ends_on)?.slice(0, 10) ?? null,
    agenda: s(r.agenda),
  }));
}

/** Months since year 0 for 'YYYY-MM…': a linear axis for the timeline. */
export const monthIndex = (iso: string): number => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
/** Fractional month index of a day, so a boundary on the 27th sits near the month's end. */
export const dayIndex = (iso: string): number => monthIndex(iso) + (Number(iso.slice(8, 10) || 1) - 1) / 31;
export const yearOfIndex = (i: number): number => Math.floor(i / 12);

/** 'YYYY-MM' as '2019-03' (en) or '2019. 3.' (ko). */
export const formatMonth = (ym: string, lang: string): string => (lang === 'ko' ? `${Number(ym.slice(0, 4))}. ${Number(ym.slice(5, 7))}.` : ym.slice(0, 7));

/** Estimates in plain words: one decimal from 1 up, two below, never NaN. */
export function formatEstimate(x: number, lang: string, signed = false): string {
  if (!Number.isFinite(x)) return '–';
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 1 ? 1 : 2;
  return new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
    ...(signed ? { signDisplay: 'exceptZero' as const } : {}),
  }).format(x);
}

/** The view as the URL holds it: `#/continuity?before=oh-2006&after=park-2011&window=12&m=3&series=events&programs=…`. */
export interface ContinuityView {
  before: string | undefined;
  after: string | undefined;
  /** As typed: parsed (and checked by the engine) when the request is made. */
  window: string;
  m: string;
  series: ContinuitySeries;
}

export function useContinuityView(): [ContinuityView, (patch: Partial<ContinuityView>) => void] {
  const route = useRoute();
  const key = route.params.toString();
  const view = useMemo<ContinuityView>(() => {
    const p = route.params;
    const series = p.get('series');
    return {
      before: p.get('before') || undefined,
      after: p.get('after') || undefined,
      window: p.get('window') ?? '12',
      m: p.get('m') ?? '3',
      series: (CONTINUITY_SERIES as readonly string[]).includes(series ?? '') ? (series as ContinuitySeries) : 'events',
    };
  }, [key]);
  const set = useCallback(
    (patch: Partial<ContinuityView>) => {
      // From the URL as it is now: a debounced field may commit after other changes.
      const params = new URLSearchParams(parseHash(window.location.hash).params);
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === '') params.delete(k);
        else params.set(k, String(v));
      }
      navigate('continuity', params);
    },
    [],
  );
  return [view, set];
}

/** A whole number as typed, or undefined (the screen says so instead of sending NaN). */
export const parseWhole = (s: string): number | undefined => (/^\s*-?\d+\s*$/.test(s) ? Number(s) : undefined);

/** Notes from Arrow metadata: the continuity tables store a JSON list of strings. */
export const notesList = (notes: unknown): string[] => (Array.isArray(notes) ? notes.map(String) : notes && typeof notes === 'object' ? Object.values(notes).map(String) : []);
