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
import { applyProfile, loadProfile, privacyHandlers } from './privacyHandlers';
import { checkLeadershipRequest, suppressArrow, suppressJson } from './privacy';
import type { ProfileState } from '../common/privacyApi';
import { Workspace, type OpenOptions } from './workspace';

export type Handlers = { [M in ApiMethod]: (request: ParsedRequest<M>) => Promise<ApiResponses[M]> };

export class Engine {
  private readonly handlers: Handlers;

  private profile: ProfileState;

  private constructor(readonly workspace: Workspace, profile: ProfileState) {
    this.profile = profile;
    applyProfile(workspace, profile);
    this.handlers = {
      ...privacyHandlers(workspace, { get: () => this.profile, set: (s) => (this.profile = s) }),
      ...coreHandlers(workspace),
      ...importHandlers(workspace),
      ...departmentsHandlers(workspace),
      ...continuityHandlers(workspace),
      ...evaluationHandlers(workspace),
      ...sqlHandlers(workspace),
    } satisfies Handlers;
  }

  static async open(path: string, options: OpenOptions = {}): Promise<Engine> {
    const ws = await Workspace.open(path, options);
    try {
      return new Engine(ws, await loadProfile(ws));
    } catch (e) {
      await ws.close();
      throw e;
    }
  }

  async dispatch(name: string, payload: unknown): Promise<Result<unknown>> {
    const checked = validateRequest(name, payload);
    if (!checked.ok) return checked;
    const { method, request } = checked.value;
    const handler = this.handlers[method] as (r: unknown) => Promise<unknown>;
    try {
      if (this.profile.profile !== 'leadership') return ok(await handler(request));
      // Leadership: refuse individual-level methods, then suppress small groups before anything leaves the engine.
      checkLeadershipRequest(method, request);
      const k = this.profile.k;
      const value = await handler(request);
      if (method === 'setProfile' || method === 'getProfile') return ok(value);
      return ok(
        await this.workspace.use('read', (conn) =>
          value instanceof Uint8Array ? suppressArrow(conn, method, request, value, k) : suppressJson(conn, method, request, value, k),
        ),
      );
    } catch (e) {
      return toFailure(e);
    }
  }

  get profileState(): ProfileState {
    return this.profile;
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
