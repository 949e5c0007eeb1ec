import { z } from 'zod';

/** The bench-only echo input, the same schema as bench/servers/bench-contract.ts gives gatepost. */
export const EchoInput = z.strictObject({ name: z.string().min(1).max(100), email: z.email() });
export type EchoInput = z.infer<typeof EchoInput>;
