// One order for admins: everything the shopper sees, its payments, and the actions its state
// allows (create a shipment, mark parcels delivered, cancel, refund) — each with the outcome said
// in words.
import { formatMoney, minorUnitDigits, type Order } from '@emporium/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../app/api-context';
import { useTitle } from '../app/use-title';
import { Field } from '../components/Field';
import { toMinorUnits } from '../components/money-input';
import { ErrorState, FormError, Loading } from '../components/states';
import { formatDate, OrderView, StatusBadge } from '../orders/OrderView';
import { CreateShipmentForm } from './CreateShipmentForm';
import { ReturnActions } from './ReturnActions';

function Actions({ order }: { order: Order }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [refundAmount, setRefundAmount] = useState('');
  const [fieldError, setFieldError] = useState<Record<string, string>>({});
  // One key per refund the admin means: a second click after a timeout or a 503 resends the same
  // key, so the order service applies it once; changing the amount or reason means a new refund.
  const [refundKey, setRefundKey] = useState(() => crypto.randomUUID());
  const newRefund = () => setRefundKey(crypto.randomUUID());
  const act = useMutation({
    mutationFn: (run: () => Promise<Order>) => run(),
    onSuccess: (updated) => {
      queryClient.setQueryData(['admin', 'order', order.orderId], updated);
      queryClient.invalidateQueries({ queryKey: ['admin', 'orders'] });
      setReason('');
      setRefundAmount('');
      newRefund();
    },
  });
  const id = order.orderId;
  const canShip = order.status === 'confirmed';
  const canDeliver = order.status === 'shipped';
  // A parcel that has left cannot be called back by a cancel; the rest is refunded instead.
  const canCancel =
    ['pending', 'stock_reserved', 'payment_authorized', 'confirmed'].includes(order.status) &&
    order.shipments.length === 0;
  const canRefund = ['confirmed', 'shipped', 'delivered'].includes(order.status);
  const needReason = () => {
    if (reason.trim()) return true;
    setFieldError({ reason: 'Say why, for the customer and the record.' });
    return false;
  };

  const refund = (event: FormEvent) => {
    event.preventDefault();
    setFieldError({});
    if (!needReason()) return;
    const digits = minorUnitDigits(order.totals.total.currency);
    const amount = refundAmount.trim() ? toMinorUnits(refundAmount, digits) : undefined;
    if (refundAmount.trim() && (amount === undefined || amount <= 0)) {
      return setFieldError({
        refundAmount: 'Enter an amount such as 12.50, or leave empty to refund what remains.',
      });
    }
    act.mutate(() =>
      api.admin.orders.refund(
        id,
        {
          reason: reason.trim(),
          ...(amount ? { amount: { amount, currency: order.totals.total.currency } } : {}),
        },
        refundKey,
      ),
    );
  };

  return (
    <section className="card" aria-labelledby="actions-heading">
      <h2 id="actions-heading">Actions</h2>
      <FormError error={act.error} />
      <div role="status">
        {act.isSuccess ? (
          <p className="notice notice-success">Done: the order is now {act.data.status}.</p>
        ) : null}
      </div>
      {canShip ? (
        // Keyed by the shipments so far: after a parcel, the form starts over with what is left.
        <CreateShipmentForm
          key={order.shipments.length}
          order={order}
          busy={act.isPending}
          submit={(run) => act.mutate(run)}
        />
      ) : null}
      {canDeliver ? (
        <button
          type="button"
          className="button button-primary"
          disabled={act.isPending}
          onClick={() => act.mutate(() => api.admin.orders.deliver(id))}
        >
          Mark every parcel delivered
        </button>
      ) : null}
      {canCancel || canRefund ? (
        <form onSubmit={refund} aria-label="Cancel or refund" style={{ marginTop: 'var(--space-5)' }}>
          <Field
            label="Reason"
            name="reason"
            value={reason}
            error={fieldError.reason}
            onChange={(e) => {
              setReason(e.target.value);
              newRefund();
            }}
          />
          {canRefund ? (
            <Field
              label={`Refund amount (${order.totals.total.currency}, optional)`}
              name="refundAmount"
              inputMode="decimal"
              hint={`Empty refunds the rest: ${formatMoney({ amount: order.totals.total.amount - order.refunded.amount, currency: order.totals.total.currency })}.`}
              value={refundAmount}
              error={fieldError.refundAmount}
              onChange={(e) => {
                setRefundAmount(e.target.value);
                newRefund();
              }}
            />
          ) : null}
          <div className="form-actions">
            {canRefund ? (
              <button type="submit" className="button" disabled={act.isPending}>
                Refund
              </button>
            ) : null}
            {canCancel ? (
              <button
                type="button"
                className="button button-danger"
                disabled={act.isPending}
                onClick={() => {
                  setFieldError({});
                  if (needReason()) act.mutate(() => api.admin.orders.cancel(id, reason.trim()));
                }}
              >
                Cancel order
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
      {!canShip && !canDeliver && !canCancel && !canRefund ? (
        <p className="muted">No actions for an order that is {order.status}.</p>
      ) : null}
    </section>
  );
}

function ShipmentDelivered({
  order,
  shipmentId,
  delivered,
}: {
  order: Order;
  shipmentId: string;
  delivered: boolean;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const mark = useMutation({
    mutationFn: () => api.admin.orders.shipmentDelivered(order.orderId, shipmentId),
    onSuccess: (updated) => queryClient.setQueryData(['admin', 'order', order.orderId], updated),
  });
  if (delivered) return null;
  return (
    <>
      <FormError error={mark.error} />
      <button type="button" className="button" disabled={mark.isPending} onClick={() => mark.mutate()}>
        Mark parcel delivered
      </button>
    </>
  );
}

function Payments({ orderId }: { orderId: string }) {
  const api = useApi();
  const payments = useQuery({
    queryKey: ['admin', 'payments', orderId],
    queryFn: () => api.admin.payments.forOrder(orderId),
  });
  return (
    <section className="card" aria-labelledby="payments-heading">
      <h2 id="payments-heading">Payments</h2>
      {payments.isLoading ? <Loading /> : null}
      {payments.error ? <ErrorState error={payments.error} /> : null}
      {payments.data?.length === 0 ? <p className="muted">No payment attempts.</p> : null}
      <ul className="plain-list">
        {payments.data?.map((payment) => (
          <li key={payment.paymentId}>
            {formatMoney(payment.amount)} via {payment.provider}: <strong>{payment.status}</strong>
            {payment.declineMessage ? ` — ${payment.declineMessage}` : ''}
            {payment.refunded.amount > 0 ? ` (refunded ${formatMoney(payment.refunded)})` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function AdminOrderPage() {
  const api = useApi();
  const { orderId = '' } = useParams();
  const order = useQuery({
    queryKey: ['admin', 'order', orderId],
    queryFn: () => api.admin.orders.get(orderId),
  });
  useTitle(order.data ? `Order ${order.data.orderNumber} · Admin` : 'Order · Admin');
  if (order.isLoading) return <Loading />;
  if (order.error || !order.data) return <ErrorState error={order.error} onRetry={() => order.refetch()} />;
  const o = order.data;
  return (
    <>
      <p>
        <Link to="/admin/orders">← All orders</Link>
      </p>
      <div className="order-header">
        <div>
          <h1>Order {o.orderNumber}</h1>
          <p className="muted">
            {o.email} · placed {formatDate(o.createdAt)}
          </p>
        </div>
        <p aria-live="polite">
          Status: <StatusBadge status={o.status} />
        </p>
      </div>
      <Actions order={o} />
      <Payments orderId={o.orderId} />
      <OrderView
        order={o}
        shipmentActions={(shipment) => (
          <ShipmentDelivered
            order={o}
            shipmentId={shipment.shipmentId}
            delivered={shipment.status === 'delivered'}
          />
        )}
        returnActions={(ret) => <ReturnActions order={o} ret={ret} />}
      />
    </>
  );
}
