/**
 * The one API of Sotong. The engine implements it once; IPC (Electron), HTTP
 * (local web mode) and the CLI expose it unchanged. Every request is checked
 * against its schema at the entry point, every reply is a Result.
 *
 * Methods that return tables return Apache Arrow IPC stream bytes
 * (`ArrowBytes`); the renderer decodes them once (see src-renderer/api).
 */
import { z } from 'zod';
import type { Result } from './result';
import type { TableName } from './tables';
import { importSchemas, type ImportResponses } from './importApi';
import { departmentsSchemas, type DepartmentsResponses } from './departmentsApi';
import { continuitySchemas, type ContinuityResponses } from './continuityApi';
import { evaluationSchemas, type EvaluationResponses } from './evaluationApi';
import { sqlSchemas, type SqlResponses } from './sqlApi';
import { privacySchemas, type PrivacyResponses } from './privacyApi';

/** Arrow IPC stream bytes. Types: DATE → DateDay, BIGINT → Int64, INTEGER → Int32, DOUBLE → Float64, VARCHAR → Utf8. */
export type ArrowBytes = Uint8Array;

export const empty = z.object({}).strict();

const coreSchemas = {
  info: empty,
  sql: z
    .object({
      sql: z.string().trim().min(1, 'sql must not be empty').max(200_000),
      maxRows: z.number().int().min(1).max(1_000_000).optional(),
    })
    .strict(),
  cancel: empty,
  catalog: empty,
} as const;

/** Every method's request schema. Each feature declares its own in <feature>Api.ts. */
export const requestSchemas = {
  ...coreSchemas,
  ...importSchemas,
  ...departmentsSchemas,
  ...continuitySchemas,
  ...evaluationSchemas,
  ...sqlSchemas,
  ...privacySchemas,
} as const;

export type ApiMethod = keyof typeof requestSchemas;
export const API_METHODS = Object.keys(requestSchemas) as ApiMethod[];
export const isApiMethod = (m: string): m is ApiMethod => Object.hasOwn(requestSchemas, m);

export type ApiRequest<M extends ApiMethod> = z.input<(typeof requestSchemas)[M]>;
export type ParsedRequest<M extends ApiMethod> = z.output<(typeof requestSchemas)[M]>;

export interface TableInfo {
  name: TableName | string;
  rows: number;
}

export interface WorkspaceInfo {
  path: string;
  schemaVersion: number;
  readOnly: boolean;
  /** Why the workspace is read-only, for the header. */
  readOnlyReason?: string;
  tables: TableInfo[];
}

interface CoreResponses {
  info: WorkspaceInfo;
  sql: ArrowBytes;
  cancel: { interrupted: boolean };
  catalog: Catalog;
}

export interface ApiResponses extends CoreResponses, ImportResponses, DepartmentsResponses, ContinuityResponses, EvaluationResponses, SqlResponses, PrivacyResponses {}

/** What the filter bars offer: the workspace's departments, programs, administrations and date span. */
export interface Catalog {
  departments: { department_id: string; name: string | null; name_en: string | null; bureau: string | null }[];
  bureaus: string[];
  channels: string[];
  programs: string[];
  administrations: { administration_id: string; name: string | null; head: string | null; starts_on: string; ends_on: string | null }[];
  /** First and last event date, null when there are no events. */
  span: { from: string | null; to: string | null };
}

/** What every transport offers: one function per method, each returning a Result. */
export type SotongApi = {
  [M in ApiMethod]: (request: ApiRequest<M>) => Promise<Result<ApiResponses[M]>>;
};

/** Name of the Arrow schema metadata key carrying notes (e.g. why a metric is null). */
export const ARROW_META_NOTES = 'sotong.notes';
/** Metadata key: true when a result was cut at maxRows. */
export const ARROW_META_TRUNCATED = 'sotong.truncated';

/**
 * A file made by the engine (an export), returned whole. Over HTTP it travels
 * as the response body with Content-Disposition; over IPC as is. For files
 * too large to hold in memory, export to a path instead.
 */
export interface FileExport {
  kind: 'file';
  filename: string;
  mime: string;
  bytes: Uint8Array;
}

export const isFileExport = (x: unknown): x is FileExport =>
  typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'file' && (x as { bytes?: unknown }).bytes instanceof Uint8Array;
