import type { FastifyRequest } from 'fastify';

/**
 * What yoga's envelop plugins read of the Fetch `Request` in the context (the method, at
 * times a header or the URL), built only when read: making a real `Request` for every call is
 * the cost the fast path exists to avoid.
 */
export function lazyFetchRequest(request: FastifyRequest): Pick<Request, 'method' | 'url' | 'headers'> {
  let headers: Headers | undefined;
  return {
    method: request.method,
    get url() {
      return `${request.protocol}://${request.host}${request.url}`;
    },
    get headers() {
      if (!headers) {
        headers = new Headers();
        for (const [name, value] of Object.entries(request.headers)) {
          if (typeof value === 'string') headers.set(name, value);
          else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
        }
      }
      return headers;
    },
  };
}
