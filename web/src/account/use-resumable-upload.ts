import { useCallback, useEffect, useRef, useState } from 'react';
import { defaultOptions, DetailedError, Upload, type PreviousUpload } from 'tus-js-client';
import { gatepost, type StoredFile, type User } from '../gatepost';
import { errorFromResponse, problemOf, type Problem } from '../problem';

/** tus 1.0 here (server/src/files/resumable-route.ts); the session cookie says whose upload it is. */
export const ENDPOINT = `${window.location.origin}/uploads`;
/** The header of the last PATCH's answer that names the file the upload became (its id is the upload's). */
export const FILE_ID_HEADER = 'Gatepost-File-Id';
/** Bytes per PATCH: the most a dropped connection makes the browser send again. */
export const CHUNK_BYTES = 8 * 1024 ** 2;
/** tus-js-client's own retries before the page hears of a failure: at once, after 1 s, after 3 s. */
export const RETRY_DELAYS_MS = [0, 1000, 3000];
/** Refusals of the file itself, for which the server removes the upload: nothing is left to resume. */
const FILE_REFUSALS: ReadonlySet<string> = new Set(['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED']);

interface Transfer {
  readonly file: File;
  readonly sent: number;
  readonly total: number;
}

export type ResumableUpload =
  | { readonly status: 'idle' }
  /** Chosen, not started; `resumable` when this browser has an unfinished upload of this very file. */
  | (Transfer & { readonly status: 'ready'; readonly resumable: boolean })
  | (Transfer & { readonly status: 'uploading' })
  | (Transfer & { readonly status: 'paused' })
  | (Transfer & { readonly status: 'failed'; readonly problem: Problem })
  | (Transfer & { readonly status: 'done'; readonly stored: StoredFile });

export interface ResumableUploader {
  readonly state: ResumableUpload;
  /** Unfinished uploads this browser remembers for this user: choosing the same file again resumes one. */
  readonly unfinished: readonly PreviousUpload[];
  choose(file: File | null): Promise<void>;
  /** Starts the upload, or resumes it from the offset the server stored (after a pause, a failure or a reload). */
  start(): Promise<void>;
  pause(): Promise<void>;
  /** Stops the upload, deletes what the server has of it, and forgets it. */
  cancel(): Promise<void>;
}

/** tus-js-client's failure as an error problemOf reads: the server's JSON refusal, or no answer at all. */
export function errorOfUpload(error: Error): Error {
  const response = error instanceof DetailedError ? error.originalResponse : null;
  if (!response || response.getStatus() === 0) return new TypeError(error.message);
  return errorFromResponse(response.getStatus(), response.getBody());
}

function problemOfUpload(error: Error): Problem {
  return problemOf(errorOfUpload(error));
}

function transferOf(state: ResumableUpload): Transfer | undefined {
  return state.status === 'idle' ? undefined : { file: state.file, sent: state.sent, total: state.total };
}

/**
 * A resumable upload with tus-js-client: 8 MiB chunks, retried on its own, and remembered in
 * localStorage (the upload's URL under the file's fingerprint), so an upload that was paused,
 * dropped or cut off by a reload continues from the offset the server stored: `findPreviousUploads`
 * finds it, `resumeFromPreviousUpload` points the upload at it, and tus asks the server for its
 * offset (HEAD) and sends only the rest. Once whole, the file is read back with `files.get`.
 */
export function useResumableUpload(user: User, onStored: (file: StoredFile) => void): ResumableUploader {
  const [state, setState] = useState<ResumableUpload>({ status: 'idle' });
  const [unfinished, setUnfinished] = useState<readonly PreviousUpload[]>([]);
  const current = useRef<Upload | null>(null);
  const stored = useRef(onStored);
  stored.current = onStored;
  // Remembered per user: another account on this browser never resumes this one's upload (the server would refuse it).
  const prefix = `gatepost-${user.id}-`;

  const refreshUnfinished = useCallback(async () => {
    const all = await defaultOptions.urlStorage.findAllUploads();
    setUnfinished(all.filter((entry) => entry.urlStorageKey.startsWith(`tus::${prefix}`)));
  }, [prefix]);

  useEffect(() => {
    void refreshUnfinished();
    // Leaving the page pauses the upload; it stays remembered, to resume later.
    return () => void current.current?.abort();
  }, [refreshUnfinished]);

  const forget = useCallback(async (upload: Upload) => {
    for (const previous of await upload.findPreviousUploads()) await defaultOptions.urlStorage.removeUpload(previous.urlStorageKey);
  }, []);

  const finish = useCallback(
    async (upload: Upload, file: File, id: string | undefined) => {
      current.current = null;
      try {
        const found = id ? await gatepost.trpc.files.get.query({ id }) : null;
        if (!found) throw new Error('The server kept no file for this upload.');
        stored.current(found);
        setState({ status: 'done', file, sent: file.size, total: file.size, stored: found });
      } catch (error) {
        setState({ status: 'failed', file, sent: file.size, total: file.size, problem: problemOf(error) });
      }
      void refreshUnfinished();
    },
    [refreshUnfinished],
  );

  const choose = useCallback(
    async (file: File | null) => {
      await current.current?.abort();
      current.current = null;
      if (!file) return setState({ status: 'idle' });
      const upload: Upload = new Upload(file, {
        endpoint: ENDPOINT,
        chunkSize: CHUNK_BYTES,
        retryDelays: RETRY_DELAYS_MS,
        metadata: { filename: file.name, filetype: file.type },
        fingerprint: async (chosen: File) => [prefix, chosen.name, chosen.type, chosen.size, chosen.lastModified, ENDPOINT].join('-'),
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        onUploadUrlAvailable: () => void refreshUnfinished(),
        onProgress: (sent, total) => {
          if (current.current === upload) setState({ status: 'uploading', file, sent, total });
        },
        onError: (error) => {
          if (current.current !== upload) return;
          const problem = problemOfUpload(error);
          if (FILE_REFUSALS.has(problem.code)) void forget(upload).then(refreshUnfinished);
          setState((previous) => ({ ...(transferOf(previous) ?? { file, sent: 0, total: file.size }), status: 'failed', problem }));
        },
        onSuccess: ({ lastResponse }) => void finish(upload, file, lastResponse.getHeader(FILE_ID_HEADER)),
      });
      current.current = upload;
      const previous = await upload.findPreviousUploads();
      setState({ status: 'ready', file, sent: 0, total: file.size, resumable: previous.length > 0 });
    },
    [prefix, finish, forget, refreshUnfinished],
  );

  const start = useCallback(async () => {
    const upload = current.current;
    if (!upload) return;
    // The newest upload this browser remembers of this file, if any: tus continues it from the server's offset.
    const previous = (await upload.findPreviousUploads()).sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
    if (previous) upload.resumeFromPreviousUpload(previous);
    setState((state) => {
      const transfer = transferOf(state);
      return transfer ? { ...transfer, status: 'uploading' } : state;
    });
    upload.start();
  }, []);

  const pause = useCallback(async () => {
    await current.current?.abort();
    setState((state) =>
      state.status === 'uploading' ? { file: state.file, sent: state.sent, total: state.total, status: 'paused' } : state,
    );
  }, []);

  const cancel = useCallback(async () => {
    const upload = current.current;
    current.current = null;
    setState({ status: 'idle' });
    if (upload) {
      // Deletes the server's copy (tus termination, a DELETE) of the upload begun now, or of one remembered from before.
      const previous = await upload.findPreviousUploads();
      await upload.abort(true).catch(() => {});
      for (const entry of previous) if (entry.uploadUrl) await Upload.terminate(entry.uploadUrl).catch(() => {});
      await forget(upload);
    }
    await refreshUnfinished();
  }, [forget, refreshUnfinished]);

  return { state, unfinished, choose, start, pause, cancel };
}
