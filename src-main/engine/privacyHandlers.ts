/**
 * Profiles (Analyst / Leadership), the audit log, and the leadership-safe
 * evaluation summary per department. The profile is stored in the workspace,
 * so a workspace handed to leadership opens in Leadership.
 */
import type { ParsedRequest } from '../common/api';
import type { PrivacyResponses, ProfileState } from '../common/privacyApi';
import { SotongError } from '../common/result';
import { resultToArrow } from './arrow';
import type { FeatureHandlers } from './handlers';
import { buildLeadershipView, DEFAULT_K } from './privacy';
import { components, scoredParams, scoredSql } from './evaluation';
import type { Workspace } from './workspace';
import { inTransaction } from './transaction';

export async function audit(ws: Workspace, action: string, details: unknown): Promise<void> {
  if (ws.readOnly) return;
  await ws.use('write', (conn) => conn.run('INSERT INTO audit_log VALUES (current_timestamp::TIMESTAMP, $1, $2::JSON)', [action, JSON.stringify(details ?? null)]));
}

export async function loadProfile(ws: Workspace): Promise<ProfileState> {
  const r = await ws.use('read', async (conn) => (await conn.runAndReadAll("SELECT value::VARCHAR AS v FROM settings WHERE key = 'profile' LIMIT 1")).getRowObjectsJS()[0]);
  const saved = r?.v ? (JSON.parse(String(r.v)) as Partial<ProfileState>) : {};
  return {
    profile: saved.profile === 'leadership' ? 'leadership' : 'analyst',
    k: Number.isInteger(saved.k) && (saved.k as number) >= 2 ? (saved.k as number) : DEFAULT_K,
    since: saved.since ?? null,
  };
}

/** Applies a profile to the workspace's read lane. */
export function applyProfile(ws: Workspace, state: ProfileState): void {
  ws.setReadView(state.profile === 'leadership' ? { key: `leadership:k=${state.k}`, build: (conn) => buildLeadershipView(conn, state.k) } : undefined);
}

export function privacyHandlers(ws: Workspace, profile: { get(): ProfileState; set(s: ProfileState): void }): FeatureHandlers<PrivacyResponses> {
  return {
    getProfile: async () => profile.get(),

    setProfile: async (req: ParsedRequest<'setProfile'>) => {
      const current = profile.get();
      const k = req.k ?? (req.profile === 'leadership' ? Math.max(current.k, DEFAULT_K) : current.k);
      if (req.profile === 'leadership' && k < DEFAULT_K) {
        throw new SotongError('VALIDATION', `k: the Leadership profile suppresses groups smaller than at least ${DEFAULT_K}; k can only be raised.`, { field: 'k' });
      }
      if (current.profile === 'leadership' && req.profile === 'leadership' && k < current.k) {
        throw new SotongError('VALIDATION', `k: in the Leadership profile k can only be raised (now ${current.k}).`, { field: 'k' });
      }
      if (current.profile === 'leadership' && req.profile === 'analyst' && req.confirm !== true) {
        throw new SotongError('VALIDATION', 'confirm: leaving the Leadership profile shows individual-level data; confirm it (the switch is recorded in the audit log).', {
          field: 'confirm',
        });
      }
      ws.assertWritable();
      const next: ProfileState = { profile: req.profile, k, since: current.profile === req.profile && current.k === k ? current.since : new Date().toISOString() };
      await ws.use('write', async (conn) => {
        await inTransaction(conn, async () => {
          await conn.run("DELETE FROM settings WHERE key = 'profile'");
          await conn.run("INSERT INTO settings VALUES ('profile', $1::JSON)", [JSON.stringify(next)]);
          await conn.run('INSERT INTO audit_log VALUES (current_timestamp::TIMESTAMP, $1, $2::JSON)', [
            `profile.${next.profile}`,
            JSON.stringify({ from: current.profile, to: next.profile, k: next.k, previous_k: current.k, confirmed: req.confirm ?? false }),
          ]);
        });
      });
      profile.set(next);
      applyProfile(ws, next);
      return next;
    },

    auditLog: async (req: ParsedRequest<'auditLog'>) =>
      ws.use('read', async (conn) =>
        (
          await resultToArrow(
            await conn.stream('SELECT logged_at, action, details::VARCHAR AS details FROM audit_log ORDER BY logged_at DESC LIMIT $1', [req.limit ?? 500]),
          )
        ).bytes,
      ),

    evaluationDepartments: async (req: ParsedRequest<'evaluationDepartments'>) =>
      ws.use('read', async (conn) => {
        const entry = await components(ws, conn, req.period, req.peer);
        // Effective weight within a department: w·cov(E, F) / var(F), population moments (SPEC).
        const result = await conn.stream(
          `SELECT department_id, any_value(department_name) AS name, count(*)::INTEGER AS n,
                  avg(engagement_share)::DOUBLE AS mean_engagement_share, avg(composite)::DOUBLE AS mean_composite,
                  CASE WHEN var_pop(composite) > 0 THEN ($w * covar_pop(engagement, composite) / var_pop(composite))::DOUBLE END AS effective_weight
           FROM ${scoredSql(entry.table)}
           GROUP BY department_id ORDER BY department_id NULLS LAST`,
          scoredParams(req),
        );
        return (await resultToArrow(result)).bytes;
      }, { unfiltered: true }),

    logExport: async (req: ParsedRequest<'logExport'>) => {
      await audit(ws, 'export', { what: req.what, format: req.format, setup: req.setup ?? null, profile: profile.get().profile });
      return { logged: true as const };
    },
  };
}
