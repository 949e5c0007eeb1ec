import { createHash } from 'node:crypto';

/**
 * The demo app's look (web/src/styles.css: its palette, fields, buttons and notices) for the pages
 * under /forms, which cannot load the app's bundle (it may not be built, and it is hashed). Served
 * as a file of its own, not inline, so the pages' CSP allows styles from 'self' and nothing else.
 */
export const FORMS_STYLESHEET = `:root {
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: #1c2430;
  background: #f6f7f9;
  line-height: 1.5;
}
body { margin: 0; }
.top { display: flex; gap: 1.5rem; align-items: center; padding: 0.75rem 1.5rem; background: #223344; color: #fff; }
.top nav { display: flex; gap: 1rem; }
.top a { color: #cde; text-decoration: none; }
.top a[aria-current='page'] { color: #fc6; font-weight: 600; }
.brand { color: #fc6; }
main { max-width: 52rem; margin: 1.5rem auto; padding: 0 1.5rem; }
.lead { color: #556; }
form { display: grid; gap: 0.75rem; margin-bottom: 1rem; max-width: 32rem; }
.field { display: grid; gap: 0.25rem; }
.field label { font-weight: 600; font-size: 0.9rem; }
.hint { margin: 0; color: #556; font-size: 0.875rem; }
input, textarea { font: inherit; padding: 0.45rem 0.6rem; border: 1px solid #aab; border-radius: 4px; background: #fff; }
.field-invalid input, .field-invalid textarea { border-color: #c0392b; outline-color: #c0392b; }
.field-error { margin: 0; color: #b03020; font-size: 0.875rem; }
button { justify-self: start; font: inherit; padding: 0.45rem 1.2rem; border: 0; border-radius: 4px; background: #2d6cdf; color: #fff; cursor: pointer; }
.notice { padding: 0.75rem 1rem; border-radius: 4px; margin: 1rem 0; }
.notice h2 { margin: 0 0 0.25rem; font-size: 1rem; }
.notice ul { margin: 0; padding-left: 1.25rem; }
.notice a { color: #b03020; }
.notice-success { background: #e3f5e8; border: 1px solid #6c6; }
.notice-failure { background: #fdecea; border: 1px solid #d66; }
code { font-size: 0.9em; }
`;

/** Where the stylesheet is served: its content hash in the name, so it is cached for good and a change is a new URL. */
export const FORMS_STYLESHEET_PATH = `/forms/styles-${createHash('sha256').update(FORMS_STYLESHEET).digest('hex').slice(0, 10)}.css`;
