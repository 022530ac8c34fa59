/**
 * The evaluation methods of SotongApi: request schemas (validated at every entry
 * point) and response types. Definitions: ../../../shared/SPEC.md, "Metrics →
 * Evaluation: the stakeholder-engagement share".
 */
import { z } from 'zod';
import type { ArrowBytes, FileExport } from './api';

/** The six engagement components, in the order SPEC lists their default weights. */
export const COMPONENTS = ['hours', 'events', 'reach', 'outcomes', 'diversity', 'cross'] as const;
export type Component = (typeof COMPONENTS)[number];
export type ComponentWeights = Record<Component, number>;

/** SPEC defaults: hours 0.30, events 0.20, reach 0.15, outcomes 0.15, diversity 0.10, cross 0.10. */
export const DEFAULT_WEIGHTS: Readonly<ComponentWeights> = Object.freeze({
  hours: 0.3,
  events: 0.2,
  reach: 0.15,
  outcomes: 0.15,
  diversity: 0.1,
  cross: 0.1,
});
export const DEFAULT_ENGAGEMENT_WEIGHT = 0.4;
export const PEER_GROUPINGS = ['grade', 'department', 'all'] as const;
export type PeerGrouping = (typeof PEER_GROUPINGS)[number];
/** The engagement weights the researchers proposed (shown as a band). */
export const PROPOSED_WEIGHT_BAND = [0.4, 0.5] as const;

/** The columns of `evaluate`, in output order (the CLI header). */
export const EVALUATION_COLUMNS = [
  'employee_id', 'department_id', 'grade', 'peer_group',
  'hours', 'events', 'reach', 'diversity', 'cross', 'outcomes',
  'pct_hours', 'pct_events', 'pct_reach', 'pct_diversity', 'pct_cross', 'pct_outcomes',
  'engagement', 'performance', 'composite', 'engagement_share',
  'rank_performance', 'rank_composite', 'rank_change',
] as const;
export type EvaluationColumn = (typeof EVALUATION_COLUMNS)[number];

/** Arrow schema metadata of `evaluate`: rows matching the search (before offset/limit). */
export const ARROW_META_TOTAL_ROWS = 'sotong.total_rows';
/** Arrow schema metadata of `evaluate`: the evaluated population's size. */
export const ARROW_META_POPULATION = 'sotong.population';
/** Arrow schema metadata of `evaluate`: JSON of the setup the scores were computed with. */
export const ARROW_META_EVALUATION_SETUP = 'sotong.evaluation_setup';

export const Period = z
  .string()
  .regex(/^\d{4}(H[12])?$/, 'must be a year (2019) or a half year (2019H1, 2019H2)');

const componentWeight = z.number().min(0, 'must not be negative').max(1, 'must not exceed 1');

/** The six component weights: each ≥ 0, summing to 1 (within 1e-9). */
export const Weights = z
  .object({
    hours: componentWeight,
    events: componentWeight,
    reach: componentWeight,
    outcomes: componentWeight,
    diversity: componentWeight,
    cross: componentWeight,
  })
  .strict()
  .superRefine((w, ctx) => {
    const sum = COMPONENTS.reduce((s, c) => s + w[c], 0);
    if (Math.abs(sum - 1) > 1e-9) ctx.addIssue({ code: 'custom', message: `the component weights must sum to 1; they sum to ${sum}` });
  });

const EngagementWeight = z.number().min(0, 'w must be between 0 and 1').max(1, 'w must be between 0 and 1');
const Peer = z.enum(PEER_GROUPINGS);

/** What a score is computed with: the period, w, the component weights and the peer grouping. */
export const settingsFields = {
  period: Period,
  weight: EngagementWeight.default(DEFAULT_ENGAGEMENT_WEIGHT),
  weights: Weights.default({ ...DEFAULT_WEIGHTS }),
  peer: Peer.default('grade'),
};

/** Formats of `evaluationExport`; the CSV's setup travels in a sidecar JSON (see evaluationSetupRecord). */
export const EVALUATION_EXPORT_FORMATS = ['csv', 'xlsx', 'parquet'] as const;
export type EvaluationExportFormat = (typeof EVALUATION_EXPORT_FORMATS)[number];

const SetupName = z
  .string()
  .trim()
  .min(1, 'a setup needs a name')
  .max(100, 'at most 100 characters')
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

export const evaluationSchemas = {
  /** One row per evaluated employee (columns EVALUATION_COLUMNS), paged, sorted, searched. */
  evaluate: z
    .object({
      ...settingsFields,
      /** Case-insensitive substring of employee_id, department_id or the department's name. */
      search: z.string().max(200).optional(),
      sort: z
        .object({ column: z.enum(EVALUATION_COLUMNS), direction: z.enum(['asc', 'desc']).default('asc') })
        .strict()
        .optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1_000_000).optional(),
    })
    .strict(),
  evaluationSummary: z.object(settingsFields).strict(),
  explainEmployee: z
    .object({ ...settingsFields, employeeId: z.string().min(1, 'give an employee_id').max(200) })
    .strict(),
  evaluationSetups: z.object({}).strict(),
  saveEvaluationSetup: z
    .object({
      name: SetupName,
      period: Period.optional(),
      weight: settingsFields.weight,
      weights: settingsFields.weights,
      peer: settingsFields.peer,
      /** Overwrite a setup of that name; without it an existing name is refused. */
      replace: z.boolean().default(false),
    })
    .strict(),
  copyEvaluationSetup: z.object({ from: SetupName, to: SetupName, replace: z.boolean().default(false) }).strict(),
  deleteEvaluationSetup: z.object({ name: SetupName }).strict(),
  compareEvaluationSetups: z
    .object({
      a: SetupName,
      b: SetupName,
      /** The period to compare scores on; default: the setups' own period when they agree. */
      period: Period.optional(),
    })
    .strict(),
  /** The periods that have evaluations, with how many employees each. */
  evaluationPeriods: z.object({}).strict(),
  /** Per department: the distribution of engagement_share and of composite (box plots). */
  evaluationByDepartment: z.object(settingsFields).strict(),
  /** The whole evaluation table (sorted by employee_id) as a file that records the setup it was computed with. */
  evaluationExport: z
    .object({
      ...settingsFields,
      format: z.enum(EVALUATION_EXPORT_FORMATS),
      /** The saved setup's name, recorded with the export when the settings came from one. */
      setupName: SetupName.optional(),
    })
    .strict(),
} as const;

export interface EvaluationSettings {
  period: string;
  weight: number;
  weights: ComponentWeights;
  peer: PeerGrouping;
}

export interface ShareDistribution {
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
  mean: number;
}

export interface SensitivityRow {
  weight: number;
  /** Kendall's tau-b between S and F_w; null when either ranking is all ties. */
  kendall_tau: number | null;
  quintile_changed_share: number;
}

export interface EvaluationSummary extends EvaluationSettings {
  n: number;
  /** w · cov(E, F) / var(F) (population moments); null when var(F) = 0. */
  effective_weight: number | null;
  engagement_share_distribution: ShareDistribution;
  sensitivity: SensitivityRow[];
  /** Plain-language notes (why a value is null, fallbacks, employees without participations). */
  notes: string[];
}

export interface Distribution {
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
  n: number;
}

export interface ComponentExplanation {
  component: Component;
  value: number;
  percentile: number;
  weight: number;
  /** weight × percentile: this component's part of E. */
  contribution: number;
  /** The component across the peer group used (quartiles interpolated, as quantile_cont). */
  peer_distribution: Distribution;
}

export interface ParticipationExplanation {
  event_id: string;
  occurred_on: string;
  program: string | null;
  channel: string;
  role: string | null;
  hours: number;
  citizens_reached: number;
  stakeholder_groups: string[];
  /** Distinct named employees on the event (evaluated or not). */
  staff_on_event: number;
  /** citizens_reached / staff_on_event */
  reach_contribution: number;
  /** The event had a participant from a department other than the employee's. */
  cross: boolean;
  outcome: string | null;
  /** 2 adopted, 1 recommendation, 0 otherwise. */
  outcome_points: number;
}

export interface EmployeeExplanation extends EvaluationSettings {
  employee_id: string;
  department_id: string | null;
  grade: string | null;
  /** Size of the evaluated population. */
  n: number;
  peer_group: string;
  peer_fallback: boolean;
  /** Why this peer group was used, in words. */
  peer_group_reason: string;
  peer_group_n: number;
  components: ComponentExplanation[];
  performance: number;
  engagement: number;
  composite: number;
  engagement_share: number;
  rank_performance: number;
  rank_composite: number;
  rank_change: number;
  /** The arithmetic of E and F, written out with the numbers. */
  arithmetic: { engagement: string; composite: string; engagement_share: string };
  participations: ParticipationExplanation[];
}

export interface EvaluationSetup {
  name: string;
  period?: string;
  weight: number;
  weights: ComponentWeights;
  peer: PeerGrouping;
  /** ISO timestamp; null for the built-in default. */
  created_at: string | null;
  /** True for the implicit `default` (SPEC defaults) that was never saved. */
  builtin: boolean;
}

export interface SetupDifference {
  field: string;
  a: unknown;
  b: unknown;
}

export interface SetupComparison {
  a: EvaluationSetup;
  b: EvaluationSetup;
  differences: SetupDifference[];
  /** Scores under both setups for one period; absent when no period applies (see note). */
  scores?: {
    period: string;
    n: number;
    /** Pearson correlation of the composites (null when either is constant). */
    composite_correlation: number | null;
    /** Employees whose rank_composite differs between the setups. */
    rank_changed: number;
  };
  note?: string;
}

export interface EvaluationPeriod {
  period: string;
  /** Evaluated employees in the period. */
  n: number;
}

export interface DepartmentDistribution {
  /** employees.department_id; null for evaluated employees missing from the employees table. */
  department_id: string | null;
  name: string | null;
  n: number;
  engagement_share: Distribution;
  composite: Distribution;
}

/**
 * What an exported evaluation was computed with: written as the sidecar JSON
 * next to a CSV, the header block of an XLSX and the key-value metadata
 * (key `sotong.evaluation_setup`) of a Parquet file.
 */
export interface EvaluationSetupRecord extends EvaluationSettings {
  setup_name: string | null;
  /** ISO timestamp of the export. */
  exported_at: string;
  rows: number;
  columns: readonly string[];
  definitions: string;
}

export function evaluationSetupRecord(s: EvaluationSettings, rows: number, exportedAt: Date, setupName?: string): EvaluationSetupRecord {
  return {
    setup_name: setupName ?? null,
    period: s.period,
    weight: s.weight,
    weights: { ...s.weights },
    peer: s.peer,
    exported_at: exportedAt.toISOString(),
    rows,
    columns: EVALUATION_COLUMNS,
    definitions: 'Sotong SPEC.md, "Metrics → Evaluation: the stakeholder-engagement share"',
  };
}

/** `sotong-evaluation-2019-w45` + extension: the period and w in the name, so files of two setups do not collide. */
export const evaluationExportBaseName = (s: Pick<EvaluationSettings, 'period' | 'weight'>): string =>
  `sotong-evaluation-${s.period}-w${Math.round(s.weight * 100)}`;

export interface EvaluationResponses {
  evaluate: ArrowBytes;
  evaluationSummary: EvaluationSummary;
  explainEmployee: EmployeeExplanation;
  evaluationSetups: { setups: EvaluationSetup[] };
  saveEvaluationSetup: EvaluationSetup;
  copyEvaluationSetup: EvaluationSetup;
  deleteEvaluationSetup: { deleted: boolean };
  compareEvaluationSetups: SetupComparison;
  evaluationPeriods: { periods: EvaluationPeriod[] };
  evaluationByDepartment: { n: number; departments: DepartmentDistribution[] };
  evaluationExport: FileExport;
}
