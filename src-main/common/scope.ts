/**
 * The scope every metric takes (SPEC.md "Metrics"): a date window [from, to],
 * inclusive, and optional filters on departments, bureaus, channels and
 * programs. An empty or missing filter means "all".
 */
import { z } from 'zod';
import { VOCABULARIES } from './tables';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real calendar date');

const idList = z.array(z.string().min(1).max(200)).max(1000);

export const Scope = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    departments: idList.optional(),
    bureaus: idList.optional(),
    channels: z.array(z.enum(VOCABULARIES.channel)).max(20).optional(),
    programs: idList.optional(),
  })
  .strict()
  .refine((s) => !s.from || !s.to || s.from <= s.to, { message: '"from" must not be after "to"', path: ['from'] });

export type Scope = z.infer<typeof Scope>;
