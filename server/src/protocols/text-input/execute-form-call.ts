import type { AnyOperation } from '@gatepost/shared';
import type { FormFields } from '../../http/form-body';
import { buildCall, type Outcome, type Pipeline, type RequestScope } from '../../pipeline/index';
import { inputFromForm } from './input-from-form';

export interface FormCallOptions {
  /** Values the request carries besides the form (REST's path parameters); they win over a field of the same name. */
  readonly pathValues?: Readonly<Record<string, unknown>>;
  /** Deepest nesting of a field's key (MAX_NESTING_DEPTH). */
  readonly maxDepth: number;
}

/**
 * Runs one call whose input arrived as a form (REST's form bodies, the HTML forms): the fields
 * typed by the operation's schema (inputFromForm), then the pipeline. A form whose shape the
 * schema refuses before the pipeline sees it (a name sent twice) is told so only after the
 * caller's access is checked — a caller who may not run the operation hears that first, as the
 * pipeline orders its own steps.
 */
export async function executeFormCall(
  pipeline: Pipeline,
  scope: RequestScope,
  operation: AnyOperation,
  form: FormFields,
  options: FormCallOptions,
): Promise<Outcome<unknown>> {
  const decoded = inputFromForm(operation.input, form, { maxDepth: options.maxDepth });
  if (decoded.ok) return pipeline.execute(buildCall(scope, operation, { ...decoded.input, ...options.pathValues }));
  const access = await pipeline.checkAccess(buildCall(scope, operation, undefined));
  return { ok: false, error: access.ok ? decoded.error : access.error };
}
