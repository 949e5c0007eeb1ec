import type { Step } from './step';
import { authorize } from './steps/authorize';
import { parseInput } from './steps/parse-input';
import { runHandler } from './steps/run-handler';

/**
 * The pipeline, in order. Every protocol runs exactly these steps.
 * - authorize comes first: an anonymous caller learns nothing about a protected
 *   operation's input rules, and no work is spent on a call that cannot run.
 * - parseInput before runHandler: handlers only ever see input the contract accepts.
 * - runHandler last: it owns the transaction, so every write of the call commits or none does.
 */
export const steps: readonly Step[] = [authorize, parseInput, runHandler];
