import { errorFromResponse } from './problem';

export interface PostFormOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Aborting it stops the request; the promise then rejects with an `AbortError`. */
  readonly signal?: AbortSignal;
  /** Called as the body goes out, with the bytes sent so far and the body's size. */
  readonly onProgress?: (sent: number, total: number) => void;
}

/**
 * POSTs a form as `multipart/form-data` with XMLHttpRequest: the one browser API that reports
 * upload progress (`fetch` has no progress events for a request body). Resolves with the JSON of a
 * 2xx answer; rejects with GatepostClientError for a refusal (errorFromResponse), a TypeError when
 * no answer came, and an `AbortError` DOMException when `signal` stopped it — the errors problemOf reads.
 */
export function postForm(path: string, form: FormData, options: PostFormOptions = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.setRequestHeader('accept', 'application/json');
    for (const [name, value] of Object.entries(options.headers ?? {})) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    };
    request.onload = () => {
      if (request.status < 200 || request.status >= 300) return reject(errorFromResponse(request.status, request.responseText));
      try {
        resolve(JSON.parse(request.responseText));
      } catch {
        reject(errorFromResponse(request.status, ''));
      }
    };
    request.onerror = () => reject(new TypeError('The connection closed before the server answered.'));
    request.onabort = () => reject(new DOMException('Sending was stopped.', 'AbortError'));
    if (options.signal?.aborted) return request.abort();
    options.signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(form);
  });
}
