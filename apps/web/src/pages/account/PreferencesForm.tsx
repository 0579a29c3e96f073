// Which notifications are e-mailed: the switches in the shopper's profile, which the notification
// service follows. Receipts and account-security mails are always sent.
import type { PreferencesPatch } from '@emporium/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../app/api-context';
import { ErrorState, FormError, Loading } from '../../components/states';
import { profileQueryRetry } from './profile-query';

const LABELS: Record<string, string> = {
  email_verified: 'E-mail address confirmed',
  order_cancelled: 'Order cancelled',
  payment_failed: 'Payment failed',
  order_shipped: 'Order shipped',
};

const QUERY_KEY = ['account', 'preferences'];

export function PreferencesForm() {
  const api = useApi();
  const queryClient = useQueryClient();
  const preferences = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => api.account.preferences(),
    ...profileQueryRetry,
  });
  const save = useMutation({
    mutationFn: (patch: PreferencesPatch) => api.account.updatePreferences(patch),
    onSuccess: (saved) => queryClient.setQueryData(QUERY_KEY, saved),
  });

  return (
    <section className="card" aria-labelledby="preferences-heading">
      <h2 id="preferences-heading">E-mail notifications</h2>
      {preferences.isLoading ? <Loading /> : null}
      {preferences.error ? (
        <ErrorState error={preferences.error} onRetry={() => preferences.refetch()} />
      ) : null}
      {preferences.data ? (
        <fieldset>
          <legend>E-mail me when…</legend>
          {Object.entries(preferences.data.email).map(([kind, on]) => (
            <label key={kind} className="check">
              <input
                type="checkbox"
                checked={on}
                disabled={save.isPending}
                onChange={(event) => save.mutate({ email: { [kind]: event.target.checked } })}
              />
              {LABELS[kind] ?? kind.replace(/_/g, ' ')}
            </label>
          ))}
          <p className="muted">Receipts, refunds and security messages are always e-mailed.</p>
        </fieldset>
      ) : null}
      {save.isError ? <FormError error={save.error} /> : null}
    </section>
  );
}
