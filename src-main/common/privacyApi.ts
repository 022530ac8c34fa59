/**
 * Profiles, suppression and the audit log (issue 7): the Analyst profile sees
 * everything; the Leadership profile sees aggregates only, with groups of
 * fewer than k employees suppressed by the engine.
 */
import { z } from 'zod';
import type { ArrowBytes } from './api';
import { settingsFields } from './evaluationApi';

export const PROFILES = ['analyst', 'leadership'] as const;
export type ProfileName = (typeof PROFILES)[number];

export const privacySchemas = {
  getProfile: z.object({}).strict(),
  setProfile: z
    .object({
      profile: z.enum(PROFILES),
      /** Suppression threshold; an integer ≥ 2 (default 5). In Leadership it can only be raised. */
      k: z.number().int('k must be a whole number').min(2, 'k must be at least 2').max(1000).optional(),
      /** Leaving Leadership needs an explicit confirmation (and is recorded). */
      confirm: z.boolean().optional(),
    })
    .strict(),
  auditLog: z.object({ limit: z.number().int().min(1).max(10_000).optional() }).strict(),
  /** Records an export made in the window (CSV/XLSX/PNG/SVG/PDF of a screen). */
  logExport: z
    .object({
      what: z.string().min(1).max(200),
      format: z.string().min(1).max(20),
      setup: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
  /**
   * Evaluation at department level only (safe for Leadership): per department
   * n, mean engagement share, mean composite and the effective weight of
   * engagement within the department.
   */
  evaluationDepartments: z.object(settingsFields).strict(),
} as const;

export interface ProfileState {
  profile: ProfileName;
  k: number;
  /** When the profile was last switched (ISO), null if never. */
  since: string | null;
}

export interface PrivacyResponses {
  getProfile: ProfileState;
  setProfile: ProfileState;
  /** Table: logged_at, action, details (JSON text); newest first. */
  auditLog: ArrowBytes;
  logExport: { logged: true };
  /** Table: department_id, name, n, mean_engagement_share, mean_composite, effective_weight. */
  evaluationDepartments: ArrowBytes;
}
