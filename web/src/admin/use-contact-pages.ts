import { useCallback, useEffect, useState } from 'react';
import type { GatepostClient } from '@gatepost/client';
import type { Contact } from '../gatepost';
import { problemOf, type Problem } from '../problem';

const PAGE_SIZE = 10;

export interface ContactPages {
  readonly contacts: readonly Contact[];
  /** Where the next page starts; null once the oldest contact is shown. */
  readonly nextCursor: string | null;
  readonly loading: boolean;
  readonly problem: Problem | undefined;
  loadMore(): Promise<void>;
}

/**
 * `contacts.list` over GraphQL, a page at a time: each page continues from the last one's
 * cursor, so contacts arriving meanwhile never shift or repeat rows. A new client (another
 * credential) starts again from the newest.
 */
export function useContactPages(client: GatepostClient): ContactPages {
  const [contacts, setContacts] = useState<readonly Contact[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<Problem | undefined>(undefined);

  const load = useCallback(
    async (before: string | null) => {
      setLoading(true);
      try {
        const page = await client.graphql.query('contacts.list', before ? { limit: PAGE_SIZE, before } : { limit: PAGE_SIZE });
        setContacts((previous) => (before ? [...previous, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
        setProblem(undefined);
      } catch (error) {
        setProblem(problemOf(error));
      } finally {
        setLoading(false);
      }
    },
    [client],
  );

  useEffect(() => {
    setContacts([]);
    void load(null);
  }, [load]);

  return { contacts, nextCursor, loading, problem, loadMore: () => load(nextCursor) };
}
