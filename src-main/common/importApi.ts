/**
 * The import methods of SotongApi: request schemas (validated at every entry
 * point) and response types. See ../../../shared/SPEC.md, "Data model" and
 * "Participation logs as they arrive".
 *
 * Row numbers in reports are the record numbers a spreadsheet shows: in CSV
 * and XLSX the header is row 1 and the first data row is row 2 (a quoted
 * field spanning lines is still one row); in JSON and Parquet the first
 * record is row 1.
 */
import { z } from 'zod';
import type { ArrowBytes } from './api';

export const IMPORT_KINDS = ['participations', 'employees', 'departments', 'evaluations', 'administrations'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_FORMATS = ['csv', 'xlsx', 'parquet', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const IMPORT_ENCODINGS = ['utf-8', 'cp949', 'utf-16le', 'utf-16be'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

/** The canonical fields each kind maps source columns to (SPEC "Data model"). */
export const KIND_FIELDS = {
  participations: [
    'event_id', 'occurred_on', 'channel', 'program', 'citizens_reached', 'stakeholder_groups', 'outcome', 'spectrum',
    'employee_id', 'department_id', 'role', 'hours',
  ],
  employees: ['employee_id', 'department_id', 'grade', 'hired_on', 'left_on'],
  departments: ['department_id', 'name', 'name_en', 'bureau', 'advisor_since'],
  evaluations: ['employee_id', 'period', 'performance_score'],
  administrations: ['administration_id', 'name', 'head', 'starts_on', 'ends_on', 'agenda'],
} as const satisfies Record<ImportKind, readonly string[]>;

/** Fields whose column must be present for a kind (values are checked row by row). */
export const REQUIRED_FIELDS: Record<ImportKind, readonly string[]> = {
  participations: ['event_id', 'occurred_on'],
  employees: ['employee_id'],
  departments: ['department_id'],
  evaluations: ['employee_id', 'period', 'performance_score'],
  administrations: ['administration_id', 'starts_on'],
};

const filePath = z.string().trim().min(1, 'path must not be empty').max(4096);
const sourceOptions = {
  path: filePath,
  kind: z.enum(IMPORT_KINDS).optional(),
  encoding: z.enum(IMPORT_ENCODINGS).optional(),
  /** XLSX: the sheet to read (default: the first). */
  sheet: z.string().min(1).max(200).optional(),
  /** CSV: the delimiter (default: detected from the header line). */
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
};
/** Source column → canonical field, or null to ignore the column. Overrides the automatic mapping. */
const mappingSchema = z.record(z.string().max(500), z.string().max(100).nullable());

const importOptions = z
  .object({
    ...sourceOptions,
    mapping: mappingSchema.optional(),
    onError: z.enum(['reject', 'skip']).default('reject'),
    onConflict: z.enum(['upsert', 'reject']).default('reject'),
    /** Replace employee ids by a keyed hash (per-workspace secret) before storing them. */
    pseudonymize: z.boolean().default(false),
  })
  .strict();
export type ImportOptions = z.output<typeof importOptions>;

const jobId = z.object({ jobId: z.string().min(1).max(100) }).strict();

export const importSchemas = {
  importPreview: z.object(sourceOptions).strict(),
  importStart: importOptions,
  importRun: importOptions,
  importStatus: jobId,
  importCancel: jobId,
  listImports: z.object({}).strict(),
  undoImport: z.object({ importId: z.string().min(1).max(100) }).strict(),
} as const;

export interface ColumnMapping {
  source: string;
  field: string | null;
}

export interface ImportPreview {
  format: ImportFormat;
  encoding: ImportEncoding | null;
  delimiter: string | null;
  sheet: string | null;
  kind: ImportKind;
  /** How many fields each kind would map, the basis of kind detection. */
  kindScores: Record<ImportKind, number>;
  columns: string[];
  mapping: ColumnMapping[];
  /** Source columns mapped to no field (ignored on import). */
  unmapped: string[];
  /** Required fields no column maps to: the import would be refused. */
  missingRequired: string[];
  /** The fields of the kind, for a mapping editor. */
  fields: string[];
  /** First 20 data rows as text (null = empty cell), in `columns` order. */
  rows: (string | null)[][];
  warnings: string[];
}

export interface ImportProblem {
  /** Row in the source file (see the header of this file for the convention). */
  row: number;
  column: string;
  value: string | null;
  reason: string;
}

export type ImportStatusName = 'committed' | 'rejected' | 'duplicate';

export interface ImportReport {
  import_id: string | null;
  status: ImportStatusName;
  source_name: string;
  sha256: string;
  format: ImportFormat;
  encoding: ImportEncoding | null;
  kind: ImportKind;
  on_error: 'reject' | 'skip';
  on_conflict: 'upsert' | 'reject';
  mapping: ColumnMapping[];
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  /** Rows where at least one value was filled in by a default. */
  rows_defaulted: number;
  /** Per field: values filled in by a default (e.g. department from the staff list). */
  defaulted: Record<string, number>;
  /** Per field: values not in the SPEC vocabulary, stored as `other`. */
  mapped_to_other: Record<string, number>;
  /** Per table: rows inserted, and existing rows replaced (upsert). */
  inserted: Record<string, number>;
  replaced: Record<string, number>;
  warnings: string[];
  /** Exact number of problems; `problems` holds at most the first 1000 by row. */
  problem_count: number;
  problems: ImportProblem[];
  /** Set when a file with the same SHA-256 was imported before: nothing was added. */
  duplicate_of: string | null;
  elapsed_ms: number;
}

export type ImportJobState = 'running' | 'done' | 'failed' | 'cancelled';
export type ImportPhase = 'queued' | 'staging' | 'loading' | 'validating' | 'committing' | 'finished';

/**
 * After an import commits, the derived tables the screens read (derived.ts)
 * are refreshed: `step` of `steps` statements done (and `percent` of the
 * whole, moving within a statement); the screens wait for it.
 * `failed`: the import is saved, the summaries are rebuilt at the next open.
 */
export interface SummariesStatus {
  state: 'updating' | 'ready' | 'failed';
  step: number;
  steps: number;
  /** Of the whole refresh, with the running statement's progress as DuckDB reports it. */
  percent: number;
  message?: string;
}

export interface ImportStatus {
  jobId: string;
  state: ImportJobState;
  phase: ImportPhase;
  source_name: string;
  bytesRead: number;
  totalBytes: number;
  /** Rows seen so far (while staging a text file: lines, an estimate). */
  rowsRead: number;
  rowsPerSecond: number;
  elapsedMs: number;
  report?: ImportReport;
  error?: { code: string; message: string };
  /** Once committed: the refresh of the derived tables the screens read. */
  summaries?: SummariesStatus;
}

export interface UndoResult {
  import_id: string;
  /** Rows removed per table. */
  removed: Record<string, number>;
  /** Stored rows the import had replaced (upsert), put back, per table (tables with none left out). */
  restored: Record<string, number>;
  /** Events of this import kept because participations of other imports still refer to them. */
  events_kept: number;
  /** Set when the undo committed but the derived tables could not be refreshed after it. */
  warning?: string;
}

export interface ImportResponses {
  importPreview: ImportPreview;
  importStart: { jobId: string };
  /** Starts and waits. A file rejected for its errors fails with IMPORT_REJECTED, `details.report` holding the report. */
  importRun: ImportReport;
  importStatus: ImportStatus;
  importCancel: { cancelled: boolean; state: ImportJobState };
  /** The `imports` table (without the report JSON), oldest first. */
  listImports: ArrowBytes;
  undoImport: UndoResult;
}
