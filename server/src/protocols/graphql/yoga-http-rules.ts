import { GraphQLError, type ExecutionResult } from 'graphql';

/**
 * graphql-yoga's HTTP rules, restated for the fast path so both answer alike. yoga keeps
 * these in modules it does not export; each function cites the file it mirrors
 * (graphql-yoga 5, cjs/). A test sends the same requests through yoga and the fast path and
 * compares status, content type and body.
 */

const RESULT_MEDIA_TYPES = ['application/graphql-response+json', 'application/json'] as const;
export type ResultMediaType = (typeof RESULT_MEDIA_TYPES)[number];

/**
 * The media type yoga's regular result processor would answer with, or undefined when yoga
 * would answer otherwise (406, or a streaming processor). Mirrors
 * plugins/result-processor/accept.js and plugins/use-result-processor.js: accepted types are
 * read in reverse, non-UTF-8 charsets skipped, and the last match wins.
 */
export function negotiateResultMediaType(accept: string | undefined): ResultMediaType | undefined {
  const requested = (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',');
  let chosen: ResultMediaType | undefined;
  for (const entry of requested.reverse()) {
    const [mediaType, ...params] = entry.split(';');
    if (mediaType === undefined) continue;
    const charset = params.find((param) => param.includes('charset=')) ?? 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    for (const candidate of RESULT_MEDIA_TYPES) if (matches(candidate, mediaType)) chosen = candidate;
  }
  return chosen;
}

function matches(offered: string, asked: string): boolean {
  const [offeredType, offeredSubtype] = offered.split('/');
  const [askedType, askedSubtype] = asked.split('/');
  return (askedType === '*' || askedType === offeredType) && (askedSubtype === '*' || askedSubtype === offeredSubtype);
}

interface HttpExtension {
  readonly status?: number;
  readonly spec?: boolean;
  readonly headers?: Record<string, string>;
}

function httpExtensionOf(value: { extensions?: Record<string, unknown> | undefined } | undefined): HttpExtension | undefined {
  return value?.extensions?.http as HttpExtension | undefined;
}

function isOriginalGraphQLError(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  return error.originalError == null ? true : isOriginalGraphQLError(error.originalError);
}

/** The HTTP status and extra headers for a result. Mirrors error.js getResponseInitByRespectingErrors and processRegularResult. */
export function responseInitFor(result: ExecutionResult, mediaType: ResultMediaType): { status: number; headers: Record<string, string> } {
  const errors = result.errors ?? [];
  const preferOk =
    mediaType === 'application/json' &&
    errors.length > 0 &&
    errors.every((error) => error instanceof GraphQLError) &&
    errors.some((error) => !error.extensions?.originalError || error.extensions.originalError instanceof GraphQLError);
  const headers: Record<string, string> = { 'content-type': `${mediaType}; charset=utf-8` };
  let status: number | undefined;
  let unexpected = false;
  const resultHttp = httpExtensionOf(result as { extensions?: Record<string, unknown> });
  if (resultHttp?.headers) Object.assign(headers, resultHttp.headers);
  if (resultHttp?.status) status = resultHttp.status;
  if (errors.length > 0) {
    for (const error of errors) {
      const http = httpExtensionOf(error);
      if (http) {
        if (http.headers) Object.assign(headers, http.headers);
        if (preferOk && http.spec) continue;
        if (http.status && (!status || http.status > status)) status = http.status;
      } else if (!isOriginalGraphQLError(error) || error.extensions?.unexpected) {
        unexpected = true;
      }
    }
  } else {
    status ||= 200;
  }
  return { status: status ?? (unexpected && !('data' in result) ? 500 : 200), headers };
}

/** JSON without yoga's internal extensions (`http`, `unexpected`). Mirrors plugins/result-processor/stringify.js. */
export function stringifyResult(result: ExecutionResult): string {
  const resultExtensions = result.extensions as Record<string, unknown> | undefined;
  if (!result.errors?.length && !resultExtensions?.http) return JSON.stringify(result);
  const { http: _http, ...extensions } = resultExtensions ?? {};
  return JSON.stringify({
    ...result,
    ...(result.errors ? { errors: result.errors.map(withoutInternals) } : {}),
    extensions: Object.keys(extensions).length > 0 ? extensions : undefined,
  });
}

function withoutInternals(error: GraphQLError): unknown {
  const json = error.toJSON();
  if (!json.extensions) return json;
  const { http: _http, unexpected: _unexpected, ...extensions } = json.extensions;
  return { ...json, extensions: Object.keys(extensions).length > 0 ? extensions : undefined };
}
