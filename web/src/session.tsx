import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { gatepost, type User } from './gatepost';
import { problemOf } from './problem';

export interface Session {
  /** undefined while the first `auth.me` is in flight; null when signed out. */
  readonly user: User | null | undefined;
  /** Asks the server again (after sign-in or sign-out: the cookie is HttpOnly, so only the server knows). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session>({ user: undefined, refresh: async () => {} });

/** Who is signed in, from `auth.me`; the HttpOnly session cookie is invisible to script by design. */
export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const refresh = useCallback(async () => {
    try {
      setUser(await gatepost.trpc.auth.me.query({}));
    } catch (error) {
      // UNAUTHENTICATED is the ordinary answer when nobody is signed in.
      if (problemOf(error).code !== 'UNAUTHENTICATED') console.warn('auth.me failed', error);
      setUser(null);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const session = useMemo(() => ({ user, refresh }), [user, refresh]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}
