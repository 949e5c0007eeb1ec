import { publicMessageOf, type GatepostError } from '@gatepost/shared';
import { html } from './html';
import type { PageContent } from './layout';

/** Headings a person reads, by status; the catalog's message says the rest. */
const HEADINGS: Readonly<Record<number, string>> = {
  400: 'This request could not be read',
  401: 'You need to sign in',
  403: 'This was refused',
  404: 'There is nothing here',
  405: 'This page does not take that',
  413: 'That was too much to send',
  415: 'This form was sent in a way it cannot read',
  429: 'Too many tries',
  503: 'Not available just now',
};

/**
 * The page for a refusal that is not about one form's fields: a post without a valid CSRF token
 * or from another site (403), a missing page (404), a rate limit (429), an unexpected error (500,
 * its message masked to the request id). With a link back to where the visitor came from.
 */
export function errorPage(error: GatepostError, options: { requestId: string; backTo: string | undefined }): PageContent {
  const heading = HEADINGS[error.status] ?? 'Something went wrong';
  return {
    title: heading,
    main: html`<h1>${heading}</h1>
      <div class="notice notice-failure" role="alert">
        <p>${publicMessageOf(error, options.requestId)}</p>
      </div>
      ${options.backTo && html`<p><a href="${options.backTo}">Back to the form</a></p>`}
      <p class="hint">Request id: <code>${options.requestId}</code> (error code <code>${error.code}</code>)</p>`,
  };
}
