/**
 * The Departments screen's data and view state. Every query of the screen is
 * sent at once (Promise.all) when the scope changes; the charts only ever get
 * what the engine aggregated (SPEC.md "Metrics → Departments"). View choices
 * that are not the scope (focused department, chosen metric, cell measure…)
 * live in the URL too, next to the scope, so a view can be reopened as it was.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TFunction } from 'i18next';
import type { Catalog } from '../../../src-main/common/api';
import type { AdvisorEffect, DepartmentTotals } from '../../../src-main/common/departmentsApi';
import type { Scope } from '../../../src-main/common/scope';
import { VOCABULARIES } from '../../../src-main/common/tables';
import { call, decodeTable, type DecodedTable, type Row } from '../../api/client';
import { navigate, useRoute } from '../../router';
import { formatInt, formatNumber, formatPercent } from '../../format';
import { useErrors } from '../errors';

export const CHANNELS = VOCABULARIES.channel;
export const SPECTRUM = VOCABULARIES.spectrum;

/** The per-department metrics of the table (SPEC names), in column order. */
export const TABLE_METRICS = ['headcount', 'engaged_share', 'hours_per_head', 'events', 'citizens_reached', 'cross_share'] as const;
export type TableMetric = (typeof TABLE_METRICS)[number];
/** Metrics the ranked bar chart offers: the table's, and the silo measures of collaborationIndex. */
export const RANK_METRICS = [...TABLE_METRICS, 'partners', 'ei_index'] as const;
export type RankMetric = (typeof RANK_METRICS)[number];

export const SHARE_METRICS: readonly string[] = ['engaged_share', 'cross_share'];
export const COUNT_METRICS: readonly string[] = ['headcount', 'events', 'citizens_reached', 'partners'];

/** A metric value as the screen shows it: shares in percent, counts whole, others with `digits` decimals. */
export function formatMetric(metric: string, v: number | null | undefined, lang: string, digits = 1): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (SHARE_METRICS.includes(metric)) return formatPercent(v, lang, 1);
  if (COUNT_METRICS.includes(metric)) return formatInt(v, lang);
  if (metric === 'ei_index') return formatNumber(v, lang, 2);
  return formatNumber(v, lang, digits);
}

export interface DepartmentsData {
  table: DecodedTable;
  totals: DepartmentTotals;
  seriesByChannel: DecodedTable;
  channelMatrix: DecodedTable;
  depth: DecodedTable;
  collab: DecodedTable;
  collabIndex: DecodedTable;
  advisor: AdvisorEffect;
}

export interface Loaded {
  data?: DepartmentsData;
  /** The scope key the data (or the failure) belongs to. */
  key?: string;
  failed?: boolean;
  /** Milliseconds from the request to the decoded answers. */
  ms?: number;
  loading: boolean;
}

export const scopeKey = (scope: Scope): string => JSON.stringify(scope);

/** All the screen's queries for a scope, in parallel; the first error goes to the banner. */
export function useDepartmentsData(scope: Scope): Loaded {
  const { report } = useErrors();
  const key = scopeKey(scope);
  const [state, setState] = useState<Omit<Loaded, 'loading'>>({});
  useEffect(() => {
    let live = true;
    const t0 = performance.now();
    const request = { scope };
    void Promise.all([
      call('departmentTable', request),
      call('departmentTotals', request),
      call('departmentSeries', { scope, by: 'channel' }),
      call('departmentChannelMatrix', request),
      call('depthProfile', request),
      call('collaborationMatrix', request),
      call('collaborationIndex', request),
      call('advisorEffect', request),
    ]).then(([table, totals, series, matrix, depth, collab, index, advisor]) => {
      if (!live) return;
      for (const r of [table, totals, series, matrix, depth, collab, index, advisor]) {
        if (!r.ok) {
          if (r.error.code !== 'CANCELLED') report(r.error);
          setState({ key, failed: true });
          return;
        }
      }
      if (!table.ok || !totals.ok || !series.ok || !matrix.ok || !depth.ok || !collab.ok || !index.ok || !advisor.ok) return;
      setState({
        key,
        ms: Math.round(performance.now() - t0),
        data: {
          table: decodeTable(table.value),
          totals: totals.value,
          seriesByChannel: decodeTable(series.value),
          channelMatrix: decodeTable(matrix.value),
          depth: decodeTable(depth.value),
          collab: decodeTable(collab.value),
          collabIndex: decodeTable(index.value),
          advisor: advisor.value,
        },
      });
    });
    return () => {
      live = false;
    };
    // The key stands for the scope.
  }, [key, report]);
  return { ...state, loading: state.key !== key };
}

/** The focused department's monthly series by channel (its own participations), or undefined without a focus. */
export function useFocusSeries(scope: Scope, focus: string | undefined): { table?: DecodedTable; loading: boolean } {
  const key = focus ? `${scopeKey(scope)}|${focus}` : undefined;
  const [state, setState] = useState<{ key?: string; table?: DecodedTable }>({});
  useEffect(() => {
    if (!key || !focus) return;
    let live = true;
    void call('departmentSeries', { scope: { ...scope, departments: [focus] }, by: 'channel' }).then((r) => {
      if (live) setState({ key, table: r.ok ? decodeTable(r.value) : undefined });
    });
    return () => {
      live = false;
    };
  }, [key]);
  if (!key) return { loading: false };
  return { table: state.key === key ? state.table : undefined, loading: state.key !== key };
}

export type AreaMeasure = 'events' | 'hours';
export type CellMeasure = 'hours' | 'events';
export type DepthScale = 'share' | 'count';

export interface DepartmentsView {
  focus?: string;
  metric: RankMetric;
  area: AreaMeasure;
  cell: CellMeasure;
  depth: DepthScale;
}

const pick = <T extends string>(v: string | null, allowed: readonly T[], fallback: T): T => (v && (allowed as readonly string[]).includes(v) ? (v as T) : fallback);

/** View choices from the URL (next to the scope), and a setter that keeps every other parameter. */
export function useDepartmentsView(): [DepartmentsView, (patch: Partial<DepartmentsView>) => void] {
  const route = useRoute();
  const q = route.params.toString();
  const view = useMemo<DepartmentsView>(() => {
    const p = new URLSearchParams(q);
    return {
      focus: p.get('focus') || undefined,
      metric: pick(p.get('metric'), RANK_METRICS, 'hours_per_head'),
      area: pick(p.get('area'), ['events', 'hours'] as const, 'events'),
      cell: pick(p.get('cell'), ['hours', 'events'] as const, 'hours'),
      depth: pick(p.get('depth'), ['share', 'count'] as const, 'share'),
    };
  }, [q]);
  const set = useCallback(
    (patch: Partial<DepartmentsView>) => {
      const p = new URLSearchParams(q);
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === '') p.delete(k);
        else p.set(k, String(v));
      }
      navigate('departments', p);
    },
    [q],
  );
  return [view, set];
}

export interface DepartmentInfo {
  id: string;
  name: string;
  bureau: string | null;
}

/** Names in the user's language (Korean `name`, English `name_en`), from the table and the catalog. */
export function useDepartmentNames(table: DecodedTable | undefined, catalog: Catalog | undefined, lang: string): Map<string, DepartmentInfo> {
  return useMemo(() => {
    const m = new Map<string, DepartmentInfo>();
    const put = (id: string, name: unknown, nameEn: unknown, bureau: unknown) => {
      const ko = typeof name === 'string' && name ? name : undefined;
      const en = typeof nameEn === 'string' && nameEn ? nameEn : undefined;
      m.set(id, { id, name: (lang === 'ko' ? (ko ?? en) : (en ?? ko)) ?? id, bureau: typeof bureau === 'string' ? bureau : null });
    };
    for (const d of catalog?.departments ?? []) put(d.department_id, d.name, d.name_en, d.bureau);
    for (const r of table?.rows ?? []) put(String(r.department_id), r.name, r.name_en, r.bureau);
    return m;
  }, [table, catalog, lang]);
}


export const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export const num = (v: unknown): number | null => (typeof v === 'number' && !Number.isNaN(v) ? v : null);

/** Rows of a decoded table as plain numbers for one column, keyed by department. */
export function byDepartment(rows: Row[], column: string): Map<string, number | null> {
  return new Map(rows.map((r) => [String(r.department_id), num(r[column])]));
}

// ---- Notes from the engine, in the user's language ----
// The engine writes its notes in English (departmentMetrics.ts); the known
// ones are translated here, anything else is shown as written.

const REASONS: Record<string, string> = {
  'needs staff-level logs: its logs in scope name no employee (department-level logs only)': 'departmentLevelOnly',
  'needs staff-level logs: the logs in scope name no employee': 'logsNameNoEmployee',
  'no employee seen in its participations in the window': 'noEmployeeSeen',
  'no employee of the department employed in the window (employees table)': 'noEmployeeEmployed',
  'no employee in the window': 'noEmployeeInWindow',
};

const reason = (t: TFunction, text: string): string => {
  const k = REASONS[text.trim()];
  return k ? t(`departments.note.reason.${k}`) : text;
};

const HEADCOUNT_ZERO = 'null where headcount is 0 — ';

function notePart(t: TFunction, part: string): string {
  const p = part.trim().replace(/\.$/, '');
  if (p.startsWith('no employees table: headcount is')) return t('departments.note.headcountFallback');
  if (p.startsWith('hours include department-level logs')) return t('departments.note.departmentLevelHours');
  if (p === 'null where the department has no event in scope') return t('departments.note.noEventDepartment');
  if (p === 'null: no event in scope') return t('departments.note.totalsNoEvent');
  if (p.startsWith(HEADCOUNT_ZERO)) {
    const list = p
      .slice(HEADCOUNT_ZERO.length)
      .split('; ')
      .map((x) => {
        const i = x.indexOf(': ');
        return i < 0 ? x : `${x.slice(0, i)}: ${reason(t, x.slice(i + 2))}`;
      })
      .join('; ');
    return t('departments.note.headcountZero', { list });
  }
  const m = /^null: headcount is 0 \((.*)\)$/.exec(p);
  if (m) return t('departments.note.totalsHeadcountZero', { why: reason(t, m[1] ?? '') });
  return part;
}

/** An engine note in the user's language (sentences the engine joined with ". " are translated one by one). */
export function translateNote(t: TFunction, note: string): string {
  return note
    .split(/\. (?=[a-z])/)
    .map((p) => notePart(t, p))
    .join(' ');
}

/** Why a department's value in `column` is null, from the table's notes, in the user's language. */
export function nullReason(t: TFunction, notes: Record<string, string>, column: string, departmentId: string): string | undefined {
  const note = notes[column];
  if (!note) return undefined;
  for (const part of note.split(/\. (?=[a-z])/)) {
    if (!part.startsWith(HEADCOUNT_ZERO)) continue;
    for (const item of part.slice(HEADCOUNT_ZERO.length).split('; ')) {
      if (item.startsWith(`${departmentId}: `)) return reason(t, item.slice(departmentId.length + 2).replace(/\.$/, ''));
    }
  }
  return translateNote(t, note);
}



export const CHANNEL_COLOURS: Record<string, string> = {
  forum: '#0b6e99',
  committee: '#e07b39',
  online: '#5a9e4b',
  neighborhood: '#b8578f',
  youth: '#e3b62e',
  budgeting: '#6f5bb5',
  workshop: '#3fa7a0',
  other: '#9aa5b1',
};

export const SPECTRUM_COLOURS: Record<string, string> = {
  inform: '#cfe3ef',
  consult: '#9cc6de',
  involve: '#5fa3c8',
  collaborate: '#2b79a8',
  empower: '#0b4f71',
  none: '#c9ced6',
};

export { heat, orderByBureau, useWidth } from '../chartKit';
