// Pages that need a signed-in shopper or an admin: wait for the session to resume, then send
// strangers to sign in (and back here afterwards).
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { Empty, Loading } from '../components/states';

export function RequireUser({ children }: { children: ReactNode }) {
  const { user, ready } = useAuth();
  const location = useLocation();
  if (!ready) return <Loading />;
  if (!user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/signin?next=${next}`} replace />;
  }
  return <>{children}</>;
}

export function RequireAdmin({ children }: { children: ReactNode }) {
  const { isAdmin, user, ready } = useAuth();
  if (!ready) return <Loading />;
  if (!user) return <RequireUser>{children}</RequireUser>;
  if (!isAdmin) {
    return (
      <Empty title="Admins only">
        <p>Your account cannot open the admin pages.</p>
      </Empty>
    );
  }
  return <>{children}</>;
}
