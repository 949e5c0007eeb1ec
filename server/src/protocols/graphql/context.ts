import type { Principal, RunCall } from '../../pipeline/index';

/** What each GraphQL operation carries into the pipeline. */
export interface GraphQLContext {
  readonly requestId: string;
  readonly principal: Principal | null;
  /** How this request's resolvers run their calls; an atomic operation swaps in its transaction's runner. */
  runCall: RunCall;
}
