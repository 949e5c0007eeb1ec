import { ERROR_CATALOG, type AnyOperation, type ContractShape, type GatepostError, type Operation } from '@gatepost/shared';
import {
  initTRPC,
  TRPCError,
  type AnyTRPCProcedure,
  type TRPCBuiltRouter,
  type TRPCMutationProcedure,
  type TRPCQueryProcedure,
} from '@trpc/server';
import type { z } from 'zod';
import { buildCall, type Execute, type RequestScope } from '../../pipeline/index';
import { formatTrpcError, type GatepostTrpcErrorShape } from './error-shape';

/** A procedure's context is its request's scope: what every call of the request shares. */
type RootTypes = { ctx: RequestScope; meta: object; errorShape: GatepostTrpcErrorShape; transformer: false };

type ProcedureOf<Op> =
  Op extends Operation<'mutation', string, infer Input, infer Output>
    ? TRPCMutationProcedure<{ meta: object; input: z.input<Input>; output: z.output<Output> }>
    : Op extends Operation<'query', string, infer Input, infer Output>
      ? TRPCQueryProcedure<{ meta: object; input: z.input<Input>; output: z.output<Output> }>
      : never;

/** The tRPC router type of a contract: what `@trpc/client` infers every input and output from. */
export type ContractRouter<Contract extends ContractShape> = TRPCBuiltRouter<
  RootTypes,
  { [Domain in keyof Contract]: { [Verb in keyof Contract[Domain]]: ProcedureOf<Contract[Domain][Verb]> } }
>;

/**
 * Serves each contract operation as a tRPC procedure that hands its raw input to `execute()`.
 * tRPC does not parse input here: validation is the pipeline's, identical for every protocol.
 * No transformer: contract types are JSON-safe, so curl and non-TypeScript clients speak the wire format.
 */
export function buildTrpcRouter<const Contract extends ContractShape>(contract: Contract, execute: Execute): ContractRouter<Contract> {
  // isDev false: tRPC would otherwise put stack traces into error.data.
  const t = initTRPC.context<RequestScope>().create({ isDev: false, errorFormatter: formatTrpcError });

  function procedureFor(operation: AnyOperation): AnyTRPCProcedure {
    const resolve = async ({ ctx, input }: { ctx: RequestScope; input: unknown }) => {
      // No position: the official adapter serves a keyed request only when it is a single call (see route.ts).
      const outcome = await execute(buildCall(ctx, operation, input));
      ctx.applyOutcome(outcome);
      if (outcome.ok) return outcome.data;
      throw toTrpcError(outcome.error);
    };
    const procedure = t.procedure.input(passRawInput);
    return operation.kind === 'mutation' ? procedure.mutation(resolve) : procedure.query(resolve);
  }

  const record = Object.fromEntries(
    Object.entries(contract).map(([domain, operations]) => [
      domain,
      Object.fromEntries(Object.entries(operations).map(([verb, operation]) => [verb, procedureFor(operation)])),
    ]),
  );
  // The record is built at run time from the contract, so its type is stated here once, from the same contract.
  return t.router(record) as unknown as ContractRouter<Contract>;
}

/** tRPC's input parser slot, used only to pass the raw input through to the pipeline untouched. */
function passRawInput(value: unknown): unknown {
  return value;
}

function toTrpcError(error: GatepostError): TRPCError {
  return new TRPCError({ code: ERROR_CATALOG[error.code].trpc, message: error.message, cause: error });
}
