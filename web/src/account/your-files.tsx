import { useState, type FormEvent } from 'react';
import type { StoredFile, User } from '../gatepost';
import { Field } from '../ui/field';
import { humanSize } from '../ui/human-size';
import { ProgressBar } from '../ui/progress-bar';
import { useResumableUpload, type ResumableUpload } from './use-resumable-upload';

function percentOf(state: ResumableUpload): number {
  return state.status === 'idle' || state.total === 0 ? 0 : Math.floor((state.sent / state.total) * 100);
}

/** The progress bar's label. */
function progressLabel(state: ResumableUpload & { readonly file: File }): string {
  if (state.status === 'uploading') return `Uploading ${state.file.name}`;
  return state.status === 'done' ? `Uploaded ${state.file.name}` : `${state.file.name}, stopped`;
}

/** What the upload is doing, in words; null when the progress bar says it all. */
function statusText(state: ResumableUpload): string | null {
  switch (state.status) {
    case 'ready':
      return state.resumable ? `You started uploading ${state.file.name} before: resuming continues from where it stopped.` : null;
    case 'paused':
      return `Paused at ${percentOf(state)}%. Resume continues from there.`;
    case 'failed':
      if (state.problem.code === 'NETWORK')
        return `The connection dropped at ${percentOf(state)}%. Resume continues from where it stopped.`;
      return state.problem.retryable ? `${state.problem.message} Resume continues from where it stopped.` : null;
    case 'done':
      return `${state.file.name} is uploaded.`;
    default:
      return null;
  }
}

/**
 * Files a signed-in user uploads, resumably (tus): a progress bar, pause, cancel and resume, even
 * after a reload. There is no listing call yet, so the list shows this visit's uploads.
 */
export function YourFiles({ user }: { readonly user: User }) {
  const [files, setFiles] = useState<readonly StoredFile[]>([]);
  // A file input cannot be emptied by a value: a new key mounts a new, empty one.
  const [pickerKey, setPickerKey] = useState(0);
  const uploader = useResumableUpload(user, (file) => {
    setFiles((previous) => [file, ...previous]);
    setPickerKey((key) => key + 1);
  });
  const { state } = uploader;
  const refused = state.status === 'failed' && !state.problem.retryable ? (state.problem.fields.file ?? state.problem.message) : undefined;
  const canResume = state.status === 'paused' || (state.status === 'failed' && state.problem.retryable);
  const text = statusText(state);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void uploader.start();
  }

  async function cancel() {
    await uploader.cancel();
    setPickerKey((key) => key + 1);
  }

  return (
    <section aria-labelledby="files-title" className="your-files">
      <h2 id="files-title">Your files</h2>
      <p className="lead">
        Files upload in pieces: if the connection drops, or you pause or reload the page, the upload continues from where it stopped. Only
        you (and the site's admins) can download them.
      </p>
      {uploader.unfinished.length > 0 && state.status === 'idle' && (
        <div className="notice" data-testid="unfinished-uploads">
          Not finished yet:{' '}
          {uploader.unfinished.map((entry) => `${entry.metadata.filename ?? 'a file'} (${humanSize(entry.size ?? 0)})`).join(', ')}. Choose
          the same file again to continue its upload.
        </div>
      )}
      <form onSubmit={onSubmit} noValidate aria-label="Upload a file">
        <Field
          key={pickerKey}
          name="upload-file"
          label="File"
          type="file"
          disabled={state.status === 'uploading'}
          onChange={(event) => void uploader.choose(event.target.files?.[0] ?? null)}
          error={refused}
        />
        {state.status !== 'idle' && state.status !== 'ready' && !refused && (
          <ProgressBar id="upload-progress" label={progressLabel(state)} done={state.sent} total={state.total} />
        )}
        {text && (
          <p className="upload-status" role="status">
            {text}
          </p>
        )}
        <div className="actions">
          {state.status === 'ready' && <button type="submit">{state.resumable ? 'Resume upload' : 'Upload'}</button>}
          {canResume && <button type="submit">Resume</button>}
          {state.status === 'uploading' && (
            <button type="button" onClick={() => void uploader.pause()}>
              Pause
            </button>
          )}
          {(state.status === 'uploading' || state.status === 'paused' || canResume || (state.status === 'ready' && state.resumable)) && (
            <button type="button" className="secondary" onClick={() => void cancel()}>
              Cancel upload
            </button>
          )}
        </div>
      </form>
      {files.length > 0 ? (
        <table className="files">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Size</th>
              <th scope="col">Uploaded</th>
              <th scope="col">
                <span className="visually-hidden">Download</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {files.map((file) => (
              <tr key={file.id} data-file={file.name}>
                <td>{file.name}</td>
                <td>{humanSize(file.sizeBytes)}</td>
                <td>
                  <time dateTime={file.createdAt}>{new Date(file.createdAt).toLocaleString()}</time>
                </td>
                <td>
                  <a href={file.url} download={file.name} aria-label={`Download ${file.name}`}>
                    Download
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No files uploaded during this visit yet.</p>
      )}
    </section>
  );
}
