// Who is signed in, for the whole app: resumes the stored session at start and follows the
// API client's session (sign-in, sign-out, refresh, a refresh refused elsewhere).
import type { AuthUser } from '@emporium/api-client';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { useApi } from '../app/api-context';

interface AuthState {
  user: AuthUser | null;
  /** False until the stored session has been resumed (or found absent). */
  ready: boolean;
  isAdmin: boolean;
}

// What every visitor sees alike stays cached across accounts; removing it strands reads in flight.
const PUBLIC = new Set(['catalog', 'pages', 'regions']);

const AuthContext = createContext<AuthState>({ user: null, ready: false, isAdmin: false });

export function AuthProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [user, setUser] = useState<AuthUser | null>(api.session.currentUser);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let previous = api.session.currentUser?.id;
    const unsubscribe = api.session.subscribe((next) => {
      // Another person's data must never show from the cache after a switch of account.
      if (next?.id !== previous)
        queryClient.removeQueries({ predicate: (q) => !PUBLIC.has(String(q.queryKey[0])) });
      previous = next?.id;
      setUser(next);
    });
    api.session
      .restore()
      .catch(() => null)
      .finally(() => setReady(true));
    return unsubscribe;
  }, [api, queryClient]);

  const value = useMemo(
    () => ({ user, ready, isAdmin: Boolean(user?.roles.includes('admin')) }),
    [user, ready],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  return useContext(AuthContext);
}
