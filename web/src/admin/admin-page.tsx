import { useMemo, useState, type FormEvent } from 'react';
import { createGatepostClient } from '@gatepost/client';
import { gatepost } from '../gatepost';
import { Field } from '../ui/field';
import { humanSize } from '../ui/human-size';
import { Failure } from '../ui/notice';
import { DownloadButton } from './download-button';
import { useContactPages } from './use-contact-pages';

/** Admins are users whose role is `admin`, or whoever holds the operator key (ADMIN_API_KEY). */
function OperatorKeyForm({ onKey }: { readonly onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    onKey(key.trim());
  }
  return (
    <form onSubmit={onSubmit} aria-label="Act as the operator">
      <Field
        name="operator-key"
        label="Operator key (ADMIN_API_KEY), kept in this tab's memory only"
        type="password"
        autoComplete="off"
        value={key}
        onChange={(event) => setKey(event.target.value)}
      />
      <button type="submit" disabled={key.trim() === ''}>
        Use key
      </button>
    </form>
  );
}

export function AdminPage() {
  const [operatorKey, setOperatorKey] = useState('');
  // With a key, calls (and downloads) carry it as a bearer token; without, the session cookie speaks for the user.
  const headers = useMemo((): Record<string, string> => (operatorKey ? { authorization: `Bearer ${operatorKey}` } : {}), [operatorKey]);
  const client = useMemo(
    () => (operatorKey ? createGatepostClient({ url: window.location.origin, headers }) : gatepost),
    [operatorKey, headers],
  );
  const pages = useContactPages(client);
  const refused = pages.problem?.code === 'UNAUTHENTICATED' || pages.problem?.code === 'FORBIDDEN';

  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">Recent contact messages</h1>
      <p className="lead">
        <code>contacts.list</code> over GraphQL, newest first, for admins only.
      </p>
      {pages.problem && <Failure problem={pages.problem} />}
      {refused && <OperatorKeyForm onKey={setOperatorKey} />}
      {!refused && (
        <table className="contacts">
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Message</th>
              <th scope="col">Attachment</th>
            </tr>
          </thead>
          <tbody>
            {pages.contacts.map((contact) => (
              <tr key={contact.id} data-contact={contact.id}>
                <td>
                  <time dateTime={contact.createdAt}>{new Date(contact.createdAt).toLocaleString()}</time>
                </td>
                <td>{contact.name}</td>
                <td>{contact.email}</td>
                <td>{contact.message ?? '—'}</td>
                <td className="attachment">
                  {contact.attachment ? (
                    <>
                      <span className="file-name">{contact.attachment.name}</span>{' '}
                      <span className="file-size">{humanSize(contact.attachment.sizeBytes)}</span>{' '}
                      <DownloadButton file={contact.attachment} headers={headers} />
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!refused && !pages.loading && pages.contacts.length === 0 && <p>No messages yet.</p>}
      {pages.nextCursor && (
        <button type="button" onClick={() => void pages.loadMore()} disabled={pages.loading}>
          {pages.loading ? 'Loading…' : 'Older messages'}
        </button>
      )}
    </section>
  );
}
