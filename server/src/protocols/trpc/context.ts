import type { Principal } from '../../pipeline/index';

/** What every tRPC call carries into `execute()`. */
export interface TrpcContext {
  readonly requestId: string;
  readonly principal: Principal | null;
}
