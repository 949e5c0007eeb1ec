import type { Credentials } from '../../auth/credentials';
import type { ResponseEffects, RunCall } from '../../pipeline/index';

/** What each GraphQL operation carries into the pipeline. */
export interface GraphQLContext {
  readonly requestId: string;
  readonly credentials: Credentials;
  /** How this request's resolvers run their calls; an atomic operation swaps in its transaction's runner. */
  runCall: RunCall;
  /** Puts a call's effects (the session cookie) on the HTTP response. */
  applyEffects(effects: ResponseEffects | undefined): void;
}
