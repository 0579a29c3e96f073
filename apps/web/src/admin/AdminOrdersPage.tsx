// Orders for admins: filter by status, e-mail and dates; newest first; older pages on demand.
import { type AdminOrderQuery, formatMoney, type OrderStatus } from '@emporium/api-client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../app/api-context';
import { useTitle } from '../app/use-title';
import { Empty, ErrorState, Loading } from '../components/states';
import { formatDate, StatusBadge } from '../orders/OrderView';
import { STATUS_LABELS } from '../orders/order-status';

export function AdminOrdersPage() {
  useTitle('Orders · Admin');
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const [email, setEmail] = useState(params.get('email') ?? '');
  const filters: Partial<AdminOrderQuery> = {
    status: (params.get('status') as OrderStatus | null) ?? undefined,
    email: params.get('email') ?? undefined,
    from: params.get('from') ? new Date(params.get('from')!).toISOString() : undefined,
    to: params.get('to') ? new Date(`${params.get('to')}T23:59:59`).toISOString() : undefined,
  };
  const orders = useInfiniteQuery({
    queryKey: ['admin', 'orders', filters],
    queryFn: ({ pageParam }) => api.admin.orders.list({ ...filters, before: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = orders.data?.pages.flatMap((page) => page.orders) ?? [];
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const applyEmail = (event: FormEvent) => {
    event.preventDefault();
    setFilter('email', email.trim());
  };

  return (
    <>
      <h1>Orders</h1>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="status-filter">Status</label>
          <select
            id="status-filter"
            value={params.get('status') ?? ''}
            onChange={(e) => setFilter('status', e.target.value)}
          >
            <option value="">Any status</option>
            {Object.entries(STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="from-filter">From</label>
          <input
            id="from-filter"
            type="date"
            value={params.get('from') ?? ''}
            onChange={(e) => setFilter('from', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="to-filter">To</label>
          <input
            id="to-filter"
            type="date"
            value={params.get('to') ?? ''}
            onChange={(e) => setFilter('to', e.target.value)}
          />
        </div>
        <form onSubmit={applyEmail} className="toolbar" aria-label="Orders by e-mail">
          <div className="field">
            <label htmlFor="email-filter">Customer e-mail</label>
            <input id="email-filter" type="search" value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <button type="submit" className="button">
            Filter
          </button>
        </form>
      </div>
      {orders.isLoading ? <Loading /> : null}
      {orders.error ? <ErrorState error={orders.error} onRetry={() => orders.refetch()} /> : null}
      {orders.data && rows.length === 0 ? <Empty title="No orders match" /> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Customer</th>
                <th scope="col">Placed</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((order) => (
                <tr key={order.orderId}>
                  <td>
                    <Link to={`/admin/orders/${order.orderId}`}>{order.orderNumber}</Link>
                  </td>
                  <td>{order.email}</td>
                  <td>{formatDate(order.createdAt)}</td>
                  <td>
                    <StatusBadge status={order.status} />
                  </td>
                  <td className="numeric">{formatMoney(order.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {orders.hasNextPage ? (
        <button type="button" className="button" onClick={() => orders.fetchNextPage()}>
          Older orders
        </button>
      ) : null}
    </>
  );
}
