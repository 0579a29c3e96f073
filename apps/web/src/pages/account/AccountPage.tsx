// The shopper's account: an overview (profile, recent orders, news — one GraphQL read across three
// services), then profile, addresses, password and e-mail preferences.
import { type AccountOverviewData, accountOverviewQuery, formatMoney } from '@emporium/api-client';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../app/api-context';
import { useTitle } from '../../app/use-title';
import { useAuth } from '../../auth/auth-context';
import { SignOutButton } from '../../auth/SignOutButton';
import { ErrorState, Loading } from '../../components/states';
import { AddressBook } from './AddressBook';
import { PasswordForm } from './PasswordForm';
import { PreferencesForm } from './PreferencesForm';
import { ProfileForm } from './ProfileForm';

function Overview() {
  const api = useApi();
  const overview = useQuery({
    queryKey: ['account', 'overview'],
    queryFn: ({ signal }) => api.graphql<AccountOverviewData>(accountOverviewQuery, {}, signal),
  });
  if (overview.isLoading) return <Loading />;
  if (overview.error || !overview.data)
    return <ErrorState error={overview.error} onRetry={() => overview.refetch()} />;
  const { orders, notifications } = overview.data;
  return (
    <div className="form-row">
      <section className="card" aria-labelledby="recent-orders">
        <h2 id="recent-orders">Recent orders</h2>
        {orders.length === 0 ? <p className="muted">No orders yet.</p> : null}
        <ul className="plain-list">
          {orders.map((order) => (
            <li key={order.id}>
              <Link to={`/orders/${order.id}`}>{order.orderNumber}</Link> · {formatMoney(order.total)} ·{' '}
              <span className="muted">{order.status.replace('_', ' ')}</span>
            </li>
          ))}
        </ul>
        <Link to="/account/orders">All orders</Link>
      </section>
      <section className="card" aria-labelledby="recent-news">
        <h2 id="recent-news">Latest notifications</h2>
        {notifications.length === 0 ? <p className="muted">Nothing yet.</p> : null}
        <ul className="plain-list">
          {notifications.map((item) => (
            <li key={item.id}>{item.link ? <Link to={item.link}>{item.title}</Link> : item.title}</li>
          ))}
        </ul>
        <Link to="/notifications">All notifications</Link>
      </section>
    </div>
  );
}

export function AccountPage() {
  useTitle('Your account');
  const { user } = useAuth();
  const [params] = useSearchParams();
  return (
    <>
      <h1>Your account</h1>
      {params.get('welcome') === '1' ? (
        <p className="notice notice-success" role="status">
          Welcome to Emporium! Your account is ready.
        </p>
      ) : null}
      {user && !user.emailVerified ? (
        <p className="notice notice-warning">
          Please confirm {user.email}: we sent you a link. Until then some e-mails may not reach you.
        </p>
      ) : null}
      <Overview />
      <ProfileForm />
      <AddressBook />
      <PreferencesForm />
      <PasswordForm />
      <p className="account-sign-out">
        <SignOutButton className="button button-secondary" />
      </p>
    </>
  );
}
