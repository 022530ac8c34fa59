/** The type each feature's handler factory returns: one function per method of its API slice. */
import type { ApiResponses, ParsedRequest } from '../common/api';

export type FeatureHandlers<R> = {
  [M in keyof R & keyof ApiResponses]: (request: ParsedRequest<M>) => Promise<ApiResponses[M]>;
};
