/**
 * The departments methods of SotongApi: request schemas (validated at every entry
 * point) and response types. Definitions: ../../../shared/SPEC.md, "Metrics →
 * Departments". Every method takes a Scope (date window and filters).
 */
import { z } from 'zod';
import type { ArrowBytes } from './api';
import { Scope } from './scope';

/** Columns of the per-department table, in output order (the CLI header). `name_en` follows in the API only. */
export const DEPARTMENT_TABLE_COLUMNS = [
  'department_id', 'name', 'bureau', 'headcount', 'engaged_share', 'hours_per_head', 'events', 'citizens_reached', 'cross_share',
] as const;

export const SERIES_BY = ['department', 'channel'] as const;
export type SeriesBy = (typeof SERIES_BY)[number];

const scoped = z.object({ scope: Scope.optional() }).strict();

export const departmentsSchemas = {
  /** One row per department: DEPARTMENT_TABLE_COLUMNS, name_en; sorted by department_id. */
  departmentTable: scoped,
  /** KPI cards: the same definitions at city level (over the departments in scope). */
  departmentTotals: scoped,
  /** Monthly rows (month, department_id | channel, events, hours, engaged_staff). */
  departmentSeries: z.object({ scope: Scope.optional(), by: z.enum(SERIES_BY).default('department') }).strict(),
  /** (department_id, channel, events, hours), non-zero cells only. */
  departmentChannelMatrix: scoped,
  /** (department_id, spectrum, events): events per IAP2 level; spectrum null = not recorded. */
  depthProfile: scoped,
  /** C[d1, d2] as (department_id, partner_id, events), both orders, non-zero cells only. */
  collaborationMatrix: scoped,
  /** Per department: partners, internal_ties, external_ties, ei_index (Krackhardt). */
  collaborationIndex: scoped,
  /** Governance-advisor difference in differences (JSON). */
  advisorEffect: scoped,
} as const;

/** City-level KPI cards. Ratios are null when their denominator is 0; `notes` says why. */
export interface DepartmentTotals {
  departments: number;
  headcount: number;
  staff_engaged: number;
  engaged_share: number | null;
  hours: number;
  hours_per_head: number | null;
  events: number;
  citizens_reached: number;
  cross_share: number | null;
  /** Metric name → why it is null or how to read it. */
  notes: Record<string, string>;
}

/** One department with an advisor, compared with the departments without one over the same months. */
export interface AdvisorComparison {
  department_id: string;
  advisor_since: string;
  /** First month of the "before" window (12 months before the advisor's month) and of the "after" window (the advisor's month). */
  before_from: string;
  after_from: string;
  /** Months of each window that have a monthly hours_per_head for the department (within the data, headcount > 0). */
  months_before: number;
  months_after: number;
  treated_before: number | null;
  treated_after: number | null;
  control_before: number | null;
  control_after: number | null;
  /** (treated_after − treated_before) − (control_after − control_before). */
  did: number | null;
}

export interface AdvisorEffect {
  /** Mean of the per-department `did` (null when none can be computed). */
  did: number | null;
  /** Means over the treated departments of their before/after means, and the same for controls. */
  treated_before: number | null;
  treated_after: number | null;
  control_before: number | null;
  control_after: number | null;
  treated_departments: string[];
  control_departments: string[];
  comparisons: AdvisorComparison[];
  /** Department-months of the windows that fall outside the months with data or have no headcount (left out of the means). */
  months_missing: number;
  /** Plain words when the comparison cannot support a conclusion; null otherwise. */
  caveat: string | null;
  /** How the numbers were computed. */
  method: string;
}

export interface DepartmentsResponses {
  departmentTable: ArrowBytes;
  departmentTotals: DepartmentTotals;
  departmentSeries: ArrowBytes;
  departmentChannelMatrix: ArrowBytes;
  depthProfile: ArrowBytes;
  collaborationMatrix: ArrowBytes;
  collaborationIndex: ArrowBytes;
  advisorEffect: AdvisorEffect;
}
