import type { Credentials } from '../../auth/credentials';
import type { ResponseEffects } from '../../pipeline/index';

/** What every tRPC call carries into the pipeline, and how its effects reach the HTTP response. */
export interface TrpcContext {
  readonly requestId: string;
  readonly credentials: Credentials;
  applyEffects(effects: ResponseEffects | undefined): void;
}
