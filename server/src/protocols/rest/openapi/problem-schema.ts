import { ERROR_CODES } from '@gatepost/shared';
import { z } from 'zod';

/**
 * The body of every REST refusal (problem.ts's `Problem`), as a zod schema so the OpenAPI document
 * writes it the way it writes the contract's: RFC 9457 problem details with gatepost's members. A
 * test parses real refusals with it, member for member, so the two cannot drift apart.
 */
export const ProblemDetails = z
  .object({
    type: z
      .string()
      .regex(/^urn:gatepost:error:[A-Z_]+$/)
      .describe('Identifies the problem type: `urn:gatepost:error:` and the catalog code'),
    title: z.string().describe("The catalog code's fixed summary"),
    status: z.number().int().describe('The HTTP status, repeated'),
    detail: z.string().describe('What went wrong this time, in a sentence for people; field problems name the field (`email: …`)'),
    instance: z
      .string()
      .regex(/^urn:gatepost:request:/)
      .describe('The request id (also in `x-request-id`): quote it when reporting a problem'),
    code: z.enum(ERROR_CODES).describe('The catalog code, the same over tRPC, GraphQL and REST'),
    retryable: z.boolean().describe('Whether sending the same request again (with the same Idempotency-Key) may succeed'),
    issues: z
      .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }))
      .optional()
      .describe('One entry per field that was refused, with its path in the input'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, with the catalog code, the field issues and whether to retry' });
