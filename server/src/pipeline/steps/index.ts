import type { Step } from '../call-state';
import { authorize } from './authorize';
import { checkIdempotencyKey } from './check-idempotency-key';
import { identify } from './identify';
import { limitAttempts } from './limit-attempts';
import { limitBulkItems } from './limit-bulk-items';
import { parseInput } from './parse-input';
import { runHandler } from './run-handler';

/**
 * What every call goes through before its handler runs, in order. A batch's calls each run
 * these on their own, even when their handler then runs once for all of them.
 * - identify first: who is calling decides everything after (one lookup per request).
 * - authorize next: an anonymous caller learns nothing about a protected operation's input
 *   rules, and no work is spent on a call that cannot run.
 * - limitBulkItems before parsing: an oversized bulk call is refused whole, without spending
 *   validation on every one of its items.
 * - parseInput next: handlers only ever see input the contract accepts.
 * - limitAttempts after parsing: sign-in attempts are counted per address and email, so
 *   the key must be a valid email, and a refused attempt never reaches the password check.
 * - checkIdempotencyKey last: the key's fingerprint is taken of the parsed input, and calls
 *   refused before here store nothing, so a corrected retry may reuse its key (as Stripe does).
 */
export const stepsBeforeHandler: readonly Step[] = [identify, authorize, limitBulkItems, parseInput, limitAttempts, checkIdempotencyKey];

/**
 * The pipeline, in order. Every protocol runs exactly these steps (runSteps runs them, and
 * catches for all of them). runHandler comes last: it owns the transaction, so every write of
 * the call commits or none does — for a keyed call, the key's claim before the handler and its
 * stored result after it included (run-keyed.ts, key-claims.ts).
 */
export const steps: readonly Step[] = [...stepsBeforeHandler, runHandler];
