/**
 * The evaluation methods of SotongApi: request schemas (validated at every entry
 * point) and response types. See ../../../shared/SPEC.md.
 */
// import { z } from 'zod';

export const evaluationSchemas = {} as const;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EvaluationResponses {}
