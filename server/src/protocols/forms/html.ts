/**
 * Markup that is already safe to put in a page: what `html` templates return. Anything else
 * interpolated into a template is text, and escaped.
 */
export class SafeHtml {
  constructor(readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML that shows it as written, in element content and in quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/** What a template may interpolate: text (escaped), markup from another template, lists of either, or nothing. */
export type HtmlValue = string | number | SafeHtml | false | null | undefined | readonly HtmlValue[];

/**
 * A tagged template that escapes every value it is given unless it is SafeHtml, so a page cannot
 * forget to escape a submitted value: `html\`<p>${name}</p>\``. `false`, `null` and `undefined`
 * render nothing, for `${condition && html\`…\`}`.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  for (const [index, value] of values.entries()) markup += render(value) + (strings[index + 1] ?? '');
  return new SafeHtml(markup);
}

function render(value: HtmlValue): string {
  if (value === false || value === null || value === undefined) return '';
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}
