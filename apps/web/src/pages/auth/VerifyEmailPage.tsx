// The link in the verification e-mail lands here: confirm the token once, say how it went.
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../app/api-context';
import { useTitle } from '../../app/use-title';
import { useAuth } from '../../auth/auth-context';
import { Loading, messageOf } from '../../components/states';

export function VerifyEmailPage() {
  useTitle('Confirm your e-mail');
  const api = useApi();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  // Wait for the session to be restored: a sign-in changes the account, which empties the query
  // cache, and a confirmation in flight then would be lost (its token works once).
  const { ready } = useAuth();
  // A token works once: read through the query cache so a remount (or a second render of this
  // page) reuses the first answer instead of spending the token again and reporting it as used.
  const verify = useQuery({
    queryKey: ['auth', 'verify-email', token],
    queryFn: () => api.auth.verifyEmail(token),
    enabled: Boolean(token) && ready,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

  return (
    <div className="auth-card" aria-live="polite">
      <h1>Confirm your e-mail</h1>
      {!token ? (
        <p className="form-error">This link has no token. Open the link from the e-mail again.</p>
      ) : null}
      {token && (!ready || verify.isLoading) ? <Loading label="Confirming…" /> : null}
      {verify.isSuccess ? (
        <>
          <p className="notice notice-success">Your e-mail address is confirmed. Thank you!</p>
          <Link to="/" className="button button-primary">
            Go shopping
          </Link>
        </>
      ) : null}
      {verify.isError ? (
        <p className="form-error" role="alert">
          {messageOf(verify.error)} The link may have been used already or expired.
        </p>
      ) : null}
    </div>
  );
}
