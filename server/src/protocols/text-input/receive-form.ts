import { refusal, type AnyOperation, type GatepostError } from '@gatepost/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fileRulesAt } from '../../files/file-rules';
import type { FileUploads } from '../../files/file-uploads';
import type { UploadPlan } from '../../files/receive-multipart';
import { FormFields } from '../../http/form-body';
import type { ReadRequestScope } from '../../http/request-scope';
import { buildCall, type Pipeline } from '../../pipeline/index';
import { formKeySegments } from './form-tree';

export type ReceivedForm =
  { readonly ok: true; readonly form: FormFields } | { readonly ok: false; readonly error: GatepostError; readonly form: FormFields };

export interface ReceiveFormDeps {
  readonly uploads: FileUploads;
  readonly pipeline: Pipeline;
  readonly readScope: ReadRequestScope;
}

/**
 * A multipart form for one operation (REST, the HTML forms, tRPC's FormData): its parts named as
 * a form's fields are (`attachment`, `items[0][file]`), each file part sent under the name of a
 * `file()` field of the operation's input, whose rules it is streamed against. Before the first
 * file is stored, the caller's access is checked, so an anonymous caller of a signed-in operation
 * is refused before a byte is kept. The text fields that arrived before a refusal come with it.
 */
export async function receiveForm(
  request: FastifyRequest,
  reply: FastifyReply,
  operation: AnyOperation,
  deps: ReceiveFormDeps,
): Promise<ReceivedForm> {
  const plan: UploadPlan = {
    fileField(name) {
      const segments = formKeySegments(name);
      const rules = fileRulesAt(operation.input, segments);
      const path = segments.map((segment) => (typeof segment === 'symbol' ? '[]' : segment));
      if (!rules) return refusal('NOT_A_FILE_FIELD', [path.join('.')], { issues: [{ path, message: 'is not a file field' }] });
      return { path, rules };
    },
    async beforeFirstFile() {
      // A scope of its own: the call's scope, and its deadline, start once the body is in.
      const access = await deps.pipeline.checkAccess(buildCall(deps.readScope(request, reply), operation, undefined));
      return access.ok ? undefined : access.error;
    },
  };
  const received = await deps.uploads.receive(request, reply, plan);
  if (received.ok) return { ok: true, form: new FormFields(received.fields) };
  return { ok: false, error: received.error, form: new FormFields(received.fields) };
}
