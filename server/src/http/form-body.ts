import type { GatepostError } from '@gatepost/shared';
import type { FastifyInstance } from 'fastify';

export const FORM_URLENCODED = 'application/x-www-form-urlencoded';

/** A field's value: text, or — in a multipart form — a file, already streamed to storage (UploadedFile). */
export type FormValue = string | File;

/**
 * An `application/x-www-form-urlencoded` body as it was sent: its fields in order, every value
 * text, a repeated name kept as many entries. Decoded into a call's input only by the adapter
 * that knows the operation (inputFromForm), because only the schema says what a field's text is.
 * A class of its own, so an adapter can tell a form from a JSON body, which is never coerced.
 */
export class FormFields {
  constructor(readonly entries: readonly (readonly [name: string, value: FormValue])[]) {}

  /** The first value sent under `name`. */
  get(name: string): FormValue | undefined {
    return this.entries.find(([key]) => key === name)?.[1];
  }

  /** The first value sent under `name` when it is text (a file is not). */
  text(name: string): string | undefined {
    const value = this.get(name);
    return typeof value === 'string' ? value : undefined;
  }
}

/**
 * A multipart form refused while it arrived (a file too large, of a refused type): the text fields
 * that came before the refusal, so the form can be drawn again with them and the refusal's message.
 */
export class RefusedForm extends FormFields {
  constructor(
    entries: readonly (readonly [name: string, value: FormValue])[],
    readonly refusal: GatepostError,
  ) {
    super(entries);
  }
}

/**
 * Parses form bodies on the routes of `app` (an encapsulated context: REST's and the HTML
 * forms'), and nowhere else — tRPC and GraphQL keep refusing them (415), since a page on any
 * site can make a browser post a form without asking (a "simple" request: no CORS preflight).
 *
 * WHATWG URLSearchParams, the algorithm browsers encode forms with, not qs: bracketed keys
 * (`items[0][productId]`) are expanded against the operation's schema by inputFromForm, which
 * qs would reshape on its own first (arrays past 20 entries turned into objects, sparse indices
 * renumbered so an error names another line than the one sent). Fastify's body limit applies.
 */
export function registerFormBodyParser(app: FastifyInstance): void {
  app.addContentTypeParser(FORM_URLENCODED, { parseAs: 'string' }, function parseForm(_request, body, done) {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    done(null, new FormFields([...new URLSearchParams(text)]));
  });
}
