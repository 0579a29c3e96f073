// The shopper's order history, newest first, with older pages on demand.
import { formatMoney } from '@emporium/api-client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../../app/api-context';
import { useTitle } from '../../app/use-title';
import { Empty, ErrorState, Loading } from '../../components/states';
import { formatDate, StatusBadge } from '../../orders/OrderView';

export function OrdersPage() {
  useTitle('Your orders');
  const api = useApi();
  const orders = useInfiniteQuery({
    queryKey: ['orders', 'mine'],
    queryFn: ({ pageParam }) => api.orders.list({ limit: 20, before: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = orders.data?.pages.flatMap((page) => page.orders) ?? [];

  return (
    <>
      <h1>Your orders</h1>
      {orders.isLoading ? <Loading /> : null}
      {orders.error ? <ErrorState error={orders.error} onRetry={() => orders.refetch()} /> : null}
      {orders.data && rows.length === 0 ? (
        <Empty title="No orders yet">
          <Link to="/" className="button button-primary">
            Start shopping
          </Link>
        </Empty>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Your orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">
                  Items
                </th>
                <th scope="col" className="numeric">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((order) => (
                <tr key={order.orderId}>
                  <td>
                    <Link to={`/orders/${order.orderId}`}>{order.orderNumber}</Link>
                  </td>
                  <td>{formatDate(order.createdAt)}</td>
                  <td>
                    <StatusBadge status={order.status} />
                  </td>
                  <td className="numeric">{order.itemCount}</td>
                  <td className="numeric">{formatMoney(order.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {orders.hasNextPage ? (
        <button
          type="button"
          className="button"
          onClick={() => orders.fetchNextPage()}
          disabled={orders.isFetchingNextPage}
        >
          Older orders
        </button>
      ) : null}
    </>
  );
}
