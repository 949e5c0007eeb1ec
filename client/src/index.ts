export { createGatepostClient, type GatepostClient, type GatepostClientOptions } from './create-client';
export { GatepostClientError } from './client-error';
export { AtomicBatchError } from './atomic';
export type { GraphQLCaller, GraphQLCallOptions, GraphQLResponse, MutationName, QueryName, InputOf, OutputOf } from './graphql-caller';
export { newIdempotencyKey, IDEMPOTENCY_KEY_HEADER, type IdempotencyKeyOption } from './idempotency';
export type { RetryOptions } from './retrying-fetch';
export type { HeadersOption } from './headers';
export { TRPCClientError } from '@trpc/client';
export type { AppRouter, GatepostTrpcErrorShape } from '@gatepost/server';
