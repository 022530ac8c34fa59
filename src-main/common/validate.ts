import type { z } from 'zod';
import { fail, ok, type Result } from './result';
import { isApiMethod, requestSchemas, type ApiMethod, type ParsedRequest } from './api';

/** Checks a payload against a method's schema; the error names the offending field. */
export function validateRequest(method: string, payload: unknown): Result<{ method: ApiMethod; request: ParsedRequest<ApiMethod> }> {
  if (!isApiMethod(method)) return fail('UNKNOWN_METHOD', `There is no API method "${method}".`);
  const schema = requestSchemas[method] as z.ZodType;
  const parsed = schema.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : '(payload)';
    return fail('VALIDATION', `Invalid request for ${method}: ${field}: ${issue?.message ?? 'invalid'}`, {
      field,
      issues: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(payload)', message: i.message })),
    });
  }
  return ok({ method, request: parsed.data as ParsedRequest<ApiMethod> });
}
