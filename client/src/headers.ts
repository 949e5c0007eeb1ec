/** Static headers, or a function called before each request (e.g. to read a fresh token). */
export type HeadersOption = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

export async function resolveHeaders(headers: HeadersOption | undefined): Promise<Record<string, string>> {
  if (!headers) return {};
  return typeof headers === 'function' ? await headers() : headers;
}
