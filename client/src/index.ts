export { createGatepostClient, type GatepostClient, type GatepostClientOptions } from './create-client';
export { GatepostClientError } from './client-error';
export { AtomicBatchError } from './atomic';
export type { GraphQLCaller, GraphQLResponse, MutationName, QueryName, InputOf, OutputOf } from './graphql-caller';
export type { HeadersOption } from './headers';
export { TRPCClientError } from '@trpc/client';
export type { AppRouter, GatepostTrpcErrorShape } from '@gatepost/server';
