/** Calls the API and reports failures to the error banner; returns undefined on failure. */
import { useCallback } from 'react';
import type { ApiMethod, ApiRequest, ApiResponses } from '../../src-main/common/api';
import { call } from '../api/client';
import { useErrors } from './errors';

export function useApi() {
  const { report } = useErrors();
  return useCallback(
    async <M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponses[M] | undefined> => {
      const r = await call(method, request);
      if (r.ok) return r.value;
      if (r.error.code !== 'CANCELLED') report(r.error);
      return undefined;
    },
    [report],
  );
}
