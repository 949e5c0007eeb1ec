import type { FastifyReply } from 'fastify';
import { html, type SafeHtml } from './html';
import { FORMS_STYLESHEET_PATH } from './styles';

/**
 * The pages under /forms run no script at all, take styles only from their own stylesheet, and
 * post only to this origin; no other page may frame them.
 */
export const FORMS_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%23234'/%3E%3Cpath d='M4 12V4h2v8zm6 0V4h2v8z' fill='%23fc6'/%3E%3C/svg%3E";

const NAVIGATION = [
  { path: '/forms/contact', label: 'Contact' },
  { path: '/forms/sign-in', label: 'Sign in' },
] as const;

export interface PageContent {
  /** The page's own title, before " · gatepost". */
  readonly title: string;
  readonly main: SafeHtml;
  /** The navigation entry this page belongs to, marked aria-current. */
  readonly current?: string;
}

/** A whole HTML document in the demo app's frame: its header, its navigation, its styles. */
export function renderPage(content: PageContent): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${content.title} · gatepost</title>
        <link rel="icon" href="${ICON}" />
        <link rel="stylesheet" href="${FORMS_STYLESHEET_PATH}" />
      </head>
      <body>
        <header class="top">
          <strong class="brand">gatepost</strong>
          <nav aria-label="Forms">
            ${NAVIGATION.map(
              (entry) => html`<a href="${entry.path}" ${entry.path === content.current && html`aria-current="page"`}>${entry.label}</a>`,
            )}
          </nav>
        </header>
        <main>${content.main}</main>
      </body>
    </html> `;
}

/**
 * Answers with a page under the forms' CSP. Never stored by a cache: a page carries a CSRF token
 * or what one visitor submitted.
 */
export function sendPage(reply: FastifyReply, status: number, content: PageContent): FastifyReply {
  return setPageHeaders(reply).status(status).send(renderPage(content).markup);
}

/**
 * An HTML page's headers: its media type, the forms' CSP, `no-store`, and `Referrer-Policy:
 * same-origin` in place of the API's `no-referrer`, under which a browser sends `Origin: null`
 * with a form's post (Fetch §3.1, "append a request Origin header") and the Origin rule could not
 * tell the forms' own posts from a forged one. Other sites still get no referrer.
 */
export function setPageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', FORMS_CSP)
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'no-store');
}
