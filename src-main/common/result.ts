/**
 * Every reply crosses a boundary (IPC, HTTP, CLI) in a Result envelope, so an
 * error raised in the engine reaches the user as a readable message with a
 * code, never as "Error invoking remote method".
 */
export type ErrorCode =
  | 'VALIDATION' // a request payload of the wrong shape; details name the field
  | 'NOT_FOUND' // a workspace or file that does not exist
  | 'NOT_A_WORKSPACE' // a path that is a directory or not a Sotong DuckDB file
  | 'WORKSPACE_LOCKED' // another process holds the file
  | 'NEWER_SCHEMA' // written by a newer Sotong: opened read-only
  | 'READ_ONLY' // a write attempted on a read-only workspace
  | 'SQL_REFUSED' // a statement the read-only console does not run
  | 'SQL_ERROR' // DuckDB rejected the query
  | 'CANCELLED' // the user cancelled the running work
  | 'IMPORT_REJECTED' // an import with errors in "reject" mode
  | 'FORBIDDEN' // not allowed in this profile or transport
  | 'UNKNOWN_METHOD'
  | 'INTERNAL';

export interface ApiError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: unknown): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Thrown inside the engine; turned into a Result at the API boundary. */
export class SotongError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'SotongError';
  }
}

export function isResult(x: unknown): x is Result<unknown> {
  if (typeof x !== 'object' || x === null || !('ok' in x)) return false;
  const r = x as { ok: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return 'value' in x;
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error.message === 'string';
}
