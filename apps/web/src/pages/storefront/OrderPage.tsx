// An order's page, also the confirmation after checkout (?placed=1). While the checkout saga is
// still running it asks again every second and a half; notifications refresh it live after that.
// Guests see theirs too: the order id in the address is what the order service lets them read it by.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { useApi } from '../../app/api-context';
import { useTitle } from '../../app/use-title';
import { useAuth } from '../../auth/auth-context';
import { ErrorState, Loading } from '../../components/states';
import { ExchangeRequestForm } from '../../orders/ExchangeRequestForm';
import { formatDate, OrderView, StatusBadge } from '../../orders/OrderView';
import { inProgress } from '../../orders/order-status';
import { ReturnRequestForm } from '../../orders/ReturnRequestForm';

export function OrderPage() {
  const api = useApi();
  const { user } = useAuth();
  const { orderId = '' } = useParams();
  const [params] = useSearchParams();
  const placed = params.get('placed') === '1';
  const order = useQuery({
    queryKey: ['orders', orderId],
    queryFn: ({ signal }) => api.orders.get(orderId, signal),
    refetchInterval: (query) => (query.state.data && inProgress(query.state.data.status) ? 1500 : false),
  });
  useTitle(order.data ? `Order ${order.data.orderNumber}` : 'Order');

  if (order.isLoading) return <Loading label="Loading your order…" />;
  if (order.error || !order.data) return <ErrorState error={order.error} onRetry={() => order.refetch()} />;
  const o = order.data;

  return (
    <>
      {placed && o.status !== 'cancelled' ? (
        <div className="notice notice-success" role="status">
          <h2>
            {inProgress(o.status) ? 'We are processing your order…' : 'Thank you — your order is confirmed.'}
          </h2>
          <p>
            A receipt is on its way to {o.email}. Order number <strong>{o.orderNumber}</strong>.
          </p>
        </div>
      ) : null}
      <div className="order-header">
        <div>
          <h1>Order {o.orderNumber}</h1>
          <p className="muted">Placed {formatDate(o.createdAt)}</p>
        </div>
        <p aria-live="polite">
          Status: <StatusBadge status={o.status} />
        </p>
      </div>
      <OrderView order={o} />
      {o.status === 'delivered' ? <ReturnRequestForm order={o} /> : null}
      {o.status === 'delivered' ? <ExchangeRequestForm order={o} /> : null}
      {user ? (
        <p>
          <Link to="/account/orders">All your orders</Link> · <Link to="/">Continue shopping</Link>
        </p>
      ) : (
        <p>
          <span className="muted">Keep this page's address to come back to your order.</span> ·{' '}
          <Link to="/">Continue shopping</Link>
        </p>
      )}
    </>
  );
}
