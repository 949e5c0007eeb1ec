// A browser without JavaScript, as far as the forms can tell: it keeps the cookies it is given,
// follows no redirect on its own (the tests read each 303), and sends Origin on a post as
// browsers do. Pages are read with a few regular expressions: enough for the attributes the
// tests look at, and no HTML parser to install.
import { expect } from 'vitest';
import type { GatepostUnderTest } from '../helpers/start-gatepost';

export interface Page {
  readonly status: number;
  readonly headers: Headers;
  readonly html: string;
}

export type Fields = Record<string, string> | readonly (readonly [string, string])[];

export class Visitor {
  readonly cookies = new Map<string, string>();

  constructor(private readonly gp: GatepostUnderTest) {}

  async get(path: string): Promise<Page> {
    return this.send(path, { method: 'GET' });
  }

  /** Posts `fields` as a form from this server's own page, unless `headers` says otherwise (an empty value removes a header). */
  async post(path: string, fields: Fields, headers: Record<string, string> = {}): Promise<Page> {
    const body = new URLSearchParams(Array.isArray(fields) ? [...fields] : Object.entries(fields)).toString();
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.gp.url, ...headers },
      body,
    });
  }

  /** Opens the form at `path` and posts `fields` with its hidden ones (the CSRF token, the idempotency key), as pressing its button would. */
  async submit(path: string, fields: Fields): Promise<Page> {
    const form = await this.get(path);
    csrfTokenOf(form.html);
    const entries = Array.isArray(fields) ? [...fields] : Object.entries(fields);
    return this.post(path, [...hiddenFieldsOf(form.html), ...entries]);
  }

  /** Opens the form at `path` and posts it as multipart/form-data (a form with a file field), its hidden fields first, as a browser orders them. */
  async submitMultipart(path: string, fields: readonly (readonly [string, string | File])[]): Promise<Page> {
    const form = await this.get(path);
    const body = new FormData();
    for (const [name, value] of [...hiddenFieldsOf(form.html), ...fields]) body.append(name, value);
    return this.send(path, { method: 'POST', headers: { origin: this.gp.url }, body });
  }

  private async send(path: string, init: RequestInit): Promise<Page> {
    const headers = new Headers(init.headers);
    // An empty value leaves the header out: `{ origin: '' }` posts as a browser that sends no Origin.
    for (const [name, value] of [...headers]) if (value === '') headers.delete(name);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await this.gp.anonymousFetch(path, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', ...value] = pair.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value.join('='));
    }
    return { status: response.status, headers: response.headers, html: await response.text() };
  }
}

export function csrfTokenOf(html: string): string {
  const token = /<input type="hidden" name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  expect(token, 'the page carries a CSRF token').toBeTruthy();
  return token ?? '';
}

/** The hidden fields of a page's form, as a browser sends them with it. */
export function hiddenFieldsOf(html: string): [string, string][] {
  return [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(([, name = '', value = '']) => [name, value]);
}

/** The opening tag of the element with this id, e.g. `<input id="contact-email" …>`. */
export function tagWithId(html: string, id: string): string {
  const tag = new RegExp(`<[a-z]+\\b[^>]*\\bid="${id}"[^>]*>`, 's').exec(html)?.[0];
  expect(tag, `an element with id="${id}"`).toBeTruthy();
  return tag ?? '';
}

export function attributeOf(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/** The text inside the element with this id (tags stripped). */
export function textOfId(html: string, id: string): string {
  const match = new RegExp(`<([a-z]+)\\b[^>]*\\bid="${id}"[^>]*>(.*?)</\\1>`, 's').exec(html);
  expect(match, `an element with id="${id}"`).toBeTruthy();
  return (match?.[2] ?? '').replace(/<[^>]+>/g, '').trim();
}
