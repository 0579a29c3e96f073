// Which notifications are e-mailed. Receipts and account-security mails are always sent.
import type { EmailPreferencesUpdate } from '@emporium/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../app/api-context';
import { ErrorState, FormError, Loading } from '../../components/states';

const LABELS: Record<string, string> = {
  email_verified: 'E-mail address confirmed',
  order_cancelled: 'Order cancelled',
  payment_failed: 'Payment failed',
  order_shipped: 'Order shipped',
};

export function PreferencesForm() {
  const api = useApi();
  const queryClient = useQueryClient();
  const preferences = useQuery({
    queryKey: ['account', 'email-preferences'],
    queryFn: () => api.account.emailPreferences(),
  });
  const save = useMutation({
    mutationFn: (update: EmailPreferencesUpdate) => api.account.setEmailPreferences(update),
    onSuccess: (saved) => queryClient.setQueryData(['account', 'email-preferences'], saved),
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
