import { Upload } from 'tus-js-client';
import { CHUNK_BYTES, ENDPOINT, errorOfUpload, FILE_ID_HEADER, RETRY_DELAYS_MS } from '../account/use-resumable-upload';

export interface ResumableSendOptions {
  /** Whose upload it is: remembered per user, as the account page's uploads are. */
  readonly userId: string;
  readonly signal: AbortSignal;
  readonly onProgress: (sent: number, total: number) => void;
}

/**
 * A large attachment of a signed-in sender, uploaded resumably (tus at /uploads) before the message
 * is sent with its id (`attachmentId`): a dropped connection costs one 8 MiB chunk, not the file,
 * and "Try again" — or sending again after a reload — continues from the offset the server stored
 * (the upload's URL is remembered in localStorage under the file's fingerprint until it finishes).
 * Resolves with the id of the file the upload became.
 */
export function uploadAttachmentResumably(file: File, options: ResumableSendOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload = new Upload(file, {
      endpoint: ENDPOINT,
      chunkSize: CHUNK_BYTES,
      retryDelays: RETRY_DELAYS_MS,
      metadata: { filename: file.name, filetype: file.type },
      removeFingerprintOnSuccess: true,
      fingerprint: async (chosen) => `gatepost-${options.userId}-${chosen.name}-${chosen.type}-${chosen.size}-${chosen.lastModified}`,
      onProgress: options.onProgress,
      onSuccess: ({ lastResponse }) => resolve(lastResponse.getHeader(FILE_ID_HEADER) ?? ''),
      onError: (error) => reject(errorOfUpload(error)),
    });
    options.signal.addEventListener(
      'abort',
      () => {
        // Paused, not terminated: sending again resumes from what the server has.
        void upload.abort();
        reject(new DOMException('Sending was stopped.', 'AbortError'));
      },
      { once: true },
    );
    void upload.findPreviousUploads().then((previous) => {
      const [latest] = previous;
      if (latest) upload.resumeFromPreviousUpload(latest);
      upload.start();
    }, reject);
  });
}
