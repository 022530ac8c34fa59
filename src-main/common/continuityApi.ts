/**
 * The continuity methods of SotongApi: administrations as data (list, add,
 * update, delete) and the continuity metrics of SPEC.md "Metrics → Continuity
 * across administrations" (program_survival, staff_retention, the interrupted
 * time series b0..b3, department_rank_stability), the per-administration
 * summary and the program timeline.
 */
import { z } from 'zod';
import type { ArrowBytes } from './api';
import { isoDate, Scope } from './scope';

/** Administration ids are short and plain: they name CLI flags and table columns. */
export const administrationId = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u, 'may hold only letters, digits, ".", "_" and "-", starting with a letter or digit');

const text = z.string().trim().max(500);

/** ITS series: events per month, participation hours per month, or staff engaged per month. */
export const CONTINUITY_SERIES = ['events', 'hours', 'engaged'] as const;
export type ContinuitySeries = (typeof CONTINUITY_SERIES)[number];

const windowMonths = z
  .number()
  .int('must be a whole number of months')
  .min(1, 'must be at least 1 month')
  .max(240, 'must be at most 240 months');
const minEvents = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1 (a program is active in a window with at least m events there)')
  .max(100_000);

/** Continuity windows come from the administrations, so a scope here filters only (no from/to). */
const continuityScope = Scope.optional().refine((s) => !s?.from && !s?.to, {
  message: 'continuity takes its windows from the administrations; give departments, bureaus, channels or programs only',
});

export const continuitySchemas = {
  listAdministrations: z.object({}).strict(),
  addAdministration: z
    .object({
      administration_id: administrationId,
      name: text.optional(),
      head: text.optional(),
      starts_on: isoDate,
      /** null or missing: still in office (open). */
      ends_on: isoDate.nullable().optional(),
      agenda: z.string().trim().max(5000).optional(),
    })
    .strict(),
  updateAdministration: z
    .object({
      administration_id: administrationId,
      name: text.nullable().optional(),
      head: text.nullable().optional(),
      starts_on: isoDate.optional(),
      ends_on: isoDate.nullable().optional(),
      agenda: z.string().trim().max(5000).nullable().optional(),
    })
    .strict(),
  deleteAdministration: z.object({ administration_id: administrationId }).strict(),
  continuity: z
    .object({
      before: administrationId,
      after: administrationId,
      windowMonths: windowMonths.default(12),
      minEvents: minEvents.default(3),
      series: z.enum(CONTINUITY_SERIES).default('events'),
      scope: continuityScope,
    })
    .strict(),
  continuitySummary: z.object({ minEvents: minEvents.default(3), scope: continuityScope }).strict(),
  programTimeline: z
    .object({ windowMonths: windowMonths.default(12), minEvents: minEvents.default(3), scope: continuityScope })
    .strict(),
} as const;

export interface Administration {
  administration_id: string;
  name: string | null;
  head: string | null;
  /** YYYY-MM-DD */
  starts_on: string;
  /** YYYY-MM-DD, or null while in office. */
  ends_on: string | null;
  agenda: string | null;
}

/** One month of the interrupted time series. */
export interface ItsPoint {
  /** YYYY-MM */
  month: string;
  /** Month index from 0 (A's first month, or the first month with data). */
  time: number;
  /** 1 for months starting on or after the first day of B's first month. */
  after: 0 | 1;
  /** The observed series value (0 in months without events). */
  y: number;
  /** b0 + b1·time + b2·after + b3·(time − t)·after */
  fitted: number;
  /** The pre-change trend continued: b0 + b1·time. */
  counterfactual: number;
}

export interface ItsFit {
  series: ContinuitySeries;
  b0: number;
  b1: number;
  /** Level change at the boundary. */
  b2: number;
  /** Slope change per month after the boundary. */
  b3: number;
  se0: number;
  se1: number;
  se2: number;
  se3: number;
  /** Index of B's first month (the `t` of the model). */
  t: number;
  months_before: number;
  months_after: number;
  fitted: ItsPoint[];
}

export interface ContinuityResult {
  before: string;
  after: string;
  /** The boundary t = B.starts_on, YYYY-MM-DD. */
  boundary: string;
  /** [t − W months, t) and [t, t + W months), YYYY-MM-DD, end exclusive. */
  window_before: { from: string; to: string };
  window_after: { from: string; to: string };
  window_months: number;
  min_events: number;
  /** Programs active before and after / programs active before; null when none was active before. */
  program_survival: number | null;
  program_survival_note?: string;
  programs_before: string[];
  programs_after: string[];
  ended: string[];
  started: string[];
  /** Staff engaged before and after / staff engaged before still employed after t; null with a note when it cannot be computed. */
  staff_retention: number | null;
  staff_retention_note?: string;
  /** Counts behind staff_retention. */
  staff_engaged_before: number;
  staff_retained: number;
  staff_left: number;
  its: ItsFit | null;
  its_note?: string;
  /** Spearman correlation of departments' hours_per_head over A's span and B's span. */
  department_rank_stability: number | null;
  department_rank_stability_note?: string;
  /** Departments with a headcount in both spans. */
  department_rank_stability_n: number;
  /** Per-department ranks behind department_rank_stability, for the slopegraph (average ranks, 1 = fewest hours per head). */
  department_ranks: DepartmentRanks[];
  /** Things the user should know (windows beyond the data, clipped spans). */
  notes: string[];
}

export interface DepartmentRanks {
  department_id: string;
  name: string | null;
  hours_per_head_before: number;
  hours_per_head_after: number;
  rank_before: number;
  rank_after: number;
}

export interface ContinuityResponses {
  /** Table: administration_id, name, head, starts_on (DATE), ends_on (DATE), agenda; by starts_on. */
  listAdministrations: ArrowBytes;
  addAdministration: Administration;
  updateAdministration: Administration;
  deleteAdministration: { deleted: string };
  continuity: ContinuityResult;
  /**
   * Table, one row per administration by starts_on: administration_id, name, starts_on, ends_on,
   * months, events_per_month, programs_per_month, active_programs, headcount, hours_per_head,
   * engaged_share. Notes (why a value is null, how each column is defined) in ARROW_META_NOTES.
   */
  continuitySummary: ArrowBytes;
  /**
   * Table, one row per program by first_month, program: program, first_month, last_month, events,
   * started_in, then `months_active:<id>` per administration and `crossed:<A>><B>` per boundary
   * (true: active in both windows; false: active before only, it ended; null: not active before).
   */
  programTimeline: ArrowBytes;
}
