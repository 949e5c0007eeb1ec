import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { refusal, type AnyOperation } from '@gatepost/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { FormFields, RefusedForm } from '../../http/form-body';
import type { ReadRequestScope } from '../../http/request-scope';
import type { Cancellation } from '../../pipeline/cancellation';
import { buildCall, type Outcome, type Pipeline } from '../../pipeline/index';
import { executeFormCall } from '../text-input/execute-form-call';
import { errorPage } from './error-page';
import { CSRF_FIELD, IDEMPOTENCY_FIELD, type FormState } from './form-view';
import { sendPage, type PageContent } from './layout';

export interface FormDeps {
  readonly pipeline: Pipeline;
  readonly readScope: ReadRequestScope;
  /** MAX_NESTING_DEPTH, for the fields' keys. */
  readonly maxNestingDepth: number;
}

/** How a form posts to one operation. */
export interface FormBinding<Op extends AnyOperation> {
  readonly operation: Op;
  /** The form page, shown again when the post is refused; absent: the error page is shown instead. */
  readonly page?: (state: FormState) => PageContent;
  /** Where a success sends the browser: a result page that shows what was done. */
  readonly resultPath: (output: z.output<Op['output']>) => string;
}

/** An empty form's state: a fresh CSRF token (its cookie set on the first visit) and a new idempotency key. */
export function emptyFormState(reply: FastifyReply): FormState {
  return { values: () => undefined, csrfToken: reply.generateCsrf(), idempotencyKey: randomUUID() };
}

export function showForm(reply: FastifyReply, page: (state: FormState) => PageContent): FastifyReply {
  return sendPage(reply, 200, page(emptyFormState(reply)));
}

/** Fields the form adds for itself, not the operation's. */
const OWN_FIELDS = new Set([CSRF_FIELD, IDEMPOTENCY_FIELD]);

/**
 * A form's post: its fields (the CSRF token aside) become one call, typed by the operation's
 * schema; the call runs through the pipeline as any protocol's does, and what it asks of the
 * response (the session cookie) is applied. A success answers 303 See Other to its result page
 * (POST/Redirect/GET: reloading that page sends nothing again). A refusal draws the form again
 * with what was sent (never a password) and the messages: 422 for invalid fields, the catalog's
 * status otherwise (401 for a wrong password, 429 with Retry-After…).
 */
export async function submitForm<Op extends AnyOperation>(
  request: FastifyRequest,
  reply: FastifyReply,
  binding: FormBinding<Op>,
  deps: FormDeps,
): Promise<FastifyReply> {
  const sent = request.body instanceof FormFields ? request.body : new FormFields([]);
  const fields = new FormFields(sent.entries.filter(([name]) => !OWN_FIELDS.has(name)));
  const requestScope = deps.readScope(request, reply);
  // The key drawn into the form is the call's Idempotency-Key (for operations that take one): the
  // same form sent twice — a double click, or again from the history — runs once, and its replay
  // answers the same 303. A form drawn again after a refusal carries a new key.
  const scope = { ...requestScope, idempotencyKey: sent.text(IDEMPOTENCY_FIELD) ?? requestScope.idempotencyKey };
  const outcome: Outcome<unknown> =
    sent instanceof RefusedForm
      ? { ok: false, error: sent.refusal }
      : await onceEarlierPostFinished(
          () => executeFormCall(deps.pipeline, scope, binding.operation, fields, { maxDepth: deps.maxNestingDepth }),
          scope.cancellation,
        );
  scope.applyOutcome(outcome);
  if (outcome.ok) return reply.redirect(binding.resultPath(outcome.data as z.output<Op['output']>), 303);
  const { error } = outcome;
  if (!binding.page) return sendPage(reply, error.status, errorPage(error, { requestId: request.id, backTo: undefined }));
  // RFC 9110 §15.5.21: 422, the content was understood but its fields cannot be processed — as form frameworks answer a form drawn again.
  const status = error.code === 'VALIDATION_FAILED' ? 422 : error.status;
  const state: FormState = { ...emptyFormState(reply), values: (name) => fields.text(name), error, requestId: request.id };
  return sendPage(reply, status, binding.page(state));
}

/**
 * A result page: one read through the pipeline (the sent contact, the signed-in user), drawn by
 * `page`. A refusal (not signed in, nothing found) is the error page with the catalog status.
 */
export async function showResult<Op extends AnyOperation>(
  request: FastifyRequest,
  reply: FastifyReply,
  read: { readonly operation: Op; readonly input: unknown; readonly page: (output: NonNullable<z.output<Op['output']>>) => PageContent },
  deps: FormDeps,
): Promise<FastifyReply> {
  const scope = deps.readScope(request, reply);
  const outcome: Outcome<unknown> = await deps.pipeline.execute(buildCall(scope, read.operation, read.input));
  scope.applyOutcome(outcome);
  if (!outcome.ok) return sendPage(reply, outcome.error.status, errorPage(outcome.error, { requestId: request.id, backTo: undefined }));
  if (outcome.data === null) {
    const notFound = refusal('ROUTE_NOT_FOUND', [request.method, request.url.split('?')[0] ?? '']);
    return sendPage(reply, notFound.status, errorPage(notFound, { requestId: request.id, backTo: undefined }));
  }
  return sendPage(reply, 200, read.page(outcome.data as NonNullable<z.output<Op['output']>>));
}

/** How long a post waits before asking again whether the same form's earlier post has finished. */
const RETRY_RUNNING_AFTER_MS = 100;

/**
 * Runs a form's call; while the same form's earlier post is still running — a double click: the
 * browser dropped its first request for the second — asks again until that one has finished, and
 * answers its result (a replay) or, had it been rolled back, runs anew. That is what the refusal
 * advises (a CONFLICT the catalog marks retryable: IDEMPOTENCY_KEY_RUNNING), and a browser without
 * JavaScript cannot retry on its own. Bounded by the request's deadline and its client's leaving.
 */
async function onceEarlierPostFinished(
  run: () => Promise<Outcome<unknown>>,
  cancellation: Cancellation | undefined,
): Promise<Outcome<unknown>> {
  const giveUpAt = Date.now() + (cancellation?.deadlineMs ?? 0);
  let outcome = await run();
  while (isStillRunning(outcome) && cancellation?.reason() === undefined && Date.now() < giveUpAt) {
    await setTimeout(RETRY_RUNNING_AFTER_MS);
    outcome = await run();
  }
  return outcome;
}

function isStillRunning(outcome: Outcome<unknown>): boolean {
  return !outcome.ok && outcome.error.code === 'CONFLICT' && outcome.error.retryable;
}
