/**
 * The engine: the one implementation of SotongApi. Transports (IPC, HTTP,
 * CLI) call `dispatch(method, payload)`; it validates the payload, runs the
 * handler, and turns every outcome into a Result.
 */
import type { ApiMethod, ApiResponses, ParsedRequest, SotongApi } from '../common/api';
import { API_METHODS } from '../common/api';
import { fail, ok, SotongError, type Result } from '../common/result';
import { validateRequest } from '../common/validate';
import { coreHandlers } from './coreHandlers';
import { importHandlers } from './importHandlers';
import { departmentsHandlers } from './departmentsHandlers';
import { continuityHandlers } from './continuityHandlers';
import { evaluationHandlers } from './evaluationHandlers';
import { sqlHandlers } from './sqlHandlers';
import { Workspace, type OpenOptions } from './workspace';

export type Handlers = { [M in ApiMethod]: (request: ParsedRequest<M>) => Promise<ApiResponses[M]> };

export class Engine {
  private readonly handlers: Handlers;

  private constructor(readonly workspace: Workspace) {
    this.handlers = {
      ...coreHandlers(workspace),
      ...importHandlers(workspace),
      ...departmentsHandlers(workspace),
      ...continuityHandlers(workspace),
      ...evaluationHandlers(workspace),
      ...sqlHandlers(workspace),
    } satisfies Handlers;
  }

  static async open(path: string, options: OpenOptions = {}): Promise<Engine> {
    return new Engine(await Workspace.open(path, options));
  }

  async dispatch(method: string, payload: unknown): Promise<Result<unknown>> {
    const checked = validateRequest(method, payload);
    if (!checked.ok) return checked;
    const handler = this.handlers[checked.value.method] as (r: unknown) => Promise<unknown>;
    try {
      return ok(await handler(checked.value.request));
    } catch (e) {
      return toFailure(e);
    }
  }

  /** The typed API for in-process callers (CLI, tests). */
  api(): SotongApi {
    const api = {} as Record<ApiMethod, (r: unknown) => Promise<Result<unknown>>>;
    for (const m of API_METHODS) api[m] = (r) => this.dispatch(m, r);
    return api as unknown as SotongApi;
  }

  close(): Promise<void> {
    return this.workspace.close();
  }
}

export function toFailure(e: unknown): Result<never> {
  if (e instanceof SotongError) return fail(e.code, e.message, e.details);
  const message = e instanceof Error ? e.message : String(e);
  if (/interrupt/i.test(message)) return fail('CANCELLED', 'Cancelled: the query was interrupted.');
  return fail('INTERNAL', message);
}
