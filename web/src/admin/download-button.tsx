import { useState } from 'react';
import type { StoredFile } from '../gatepost';
import { errorFromResponse, problemOf } from '../problem';
import { useAction } from '../use-action';

/**
 * Downloads a file with the page's own credentials. A plain `<a href download>` carries only
 * cookies, and the operator key lives in this tab's memory: so the file is fetched with the same
 * Authorization header the page's client sends, kept as a Blob, and saved through a temporary
 * `<a download>` on a blob: URL, revoked once the browser has taken the file.
 */
export function DownloadButton({ file, headers }: { readonly file: StoredFile; readonly headers: Readonly<Record<string, string>> }) {
  const [error, setError] = useState<string | undefined>(undefined);
  const download = useAction(async () => {
    setError(undefined);
    try {
      const response = await fetch(file.url, { headers });
      if (!response.ok) throw errorFromResponse(response.status, await response.text());
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = file.name;
      document.body.append(link);
      link.click();
      link.remove();
      // The click starts the download in this task; the URL is no longer needed after it.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (caught) {
      setError(problemOf(caught).message);
    }
  });
  return (
    <>
      <button type="button" className="secondary small" onClick={() => void download.run()} disabled={download.pending}>
        {download.pending ? 'Downloading…' : 'Download'}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
