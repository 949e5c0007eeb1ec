import type { Principal } from '../../pipeline/index';

/** What each GraphQL operation carries into `execute()`. */
export interface GraphQLContext {
  readonly requestId: string;
  readonly principal: Principal | null;
}
