// One order: status, what was bought, totals (with the discount and the shipping option it was
// placed with, in the order's own currency), where it goes, its parcels, and the timeline of
// its status changes. While checkout is still running, it looks again every few seconds.
import type { Money, Order } from '@emporium/api-client';
import { useEffect } from 'react';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useLoad } from '../hooks/use-load';
import { statusLabel, stillInCheckout } from '../shop/order-status';
import { moneyText as money } from '../shop/region';
import { useClient } from '../shop/shop-provider';
import { messageOf } from '../ui/errors';
import { ErrorState, Loading, Notice } from '../ui/states';
import { colors, space } from '../ui/theme';
import { OrderReturns } from './order-returns';
import { OrderShipments } from './order-shipments';

const EVENT_LABELS: Record<string, string> = {
  shipment_created: 'Parcel sent',
  shipment_delivered: 'Parcel delivered',
  return_requested: 'Return requested',
  return_approved: 'Return approved',
  return_rejected: 'Return rejected',
  return_received: 'Return received',
  return_refunded: 'Return refunded',
  exchange_requested: 'Exchange requested',
  exchange_approved: 'Exchange approved',
  exchange_rejected: 'Exchange rejected',
  exchange_received: 'Exchange received',
  exchange_completed: 'Exchange completed',
};

const FOLLOW_CHECKOUT_MS = 2_000;

export function OrderScreen({ orderId }: { orderId: string }) {
  const client = useClient();
  const order = useLoad((signal) => client.orders.get(orderId, signal), [client, orderId]);
  const inCheckout = order.data !== undefined && stillInCheckout(order.data.status);
  const { reload } = order;

  useEffect(() => {
    if (!inCheckout) return;
    const timer = setTimeout(reload, FOLLOW_CHECKOUT_MS);
    return () => clearTimeout(timer);
  }, [inCheckout, reload]);

  if (order.data) return <OrderDetail order={order.data} onChanged={reload} />;
  if (order.loading) return <Loading label="Loading order" />;
  return <ErrorState message={messageOf(order.error)} onRetry={order.reload} />;
}

function OrderDetail({ order, onChanged }: { order: Order; onChanged: () => void }) {
  const address = order.shippingAddress;
  return (
    <ScrollView contentContainerStyle={styles.content}>
      <Text role="heading" style={styles.title}>
        Order {order.orderNumber}
      </Text>
      <Text style={styles.status} aria-label={`Status: ${statusLabel[order.status]}`}>
        {statusLabel[order.status]}
      </Text>
      {stillInCheckout(order.status) ? (
        <Notice tone="info" message="We are still processing your order…" />
      ) : null}
      {order.cancellation ? <Notice message={order.cancellation.reason} /> : null}
      {order.shipment?.trackingNumber && order.shipments.length === 0 ? (
        <Notice
          tone="info"
          message={`Shipped${order.shipment.carrier ? ` with ${order.shipment.carrier}` : ''}, tracking number ${order.shipment.trackingNumber}`}
        />
      ) : null}

      <Text role="heading" style={styles.heading}>
        Items
      </Text>
      {order.lines.map((line) => (
        <View key={line.sku} style={styles.lineRow}>
          <Text style={styles.lineTitle}>
            {line.quantity} × {line.title}
          </Text>
          <Text style={styles.amount}>{money(line.lineTotal)}</Text>
        </View>
      ))}
      <Total label="Subtotal" money={order.totals.subtotal} />
      {order.totals.discount && order.totals.discount.amount > 0 ? (
        <Total label="Discount" money={order.totals.discount} minus />
      ) : null}
      <Total label={shippingLabel(order)} money={order.totals.shipping} />
      <Total label={taxIncluded(order.totals) ? 'Included VAT' : 'Tax'} money={order.totals.tax} />
      <Total label="Total" money={order.totals.total} strong />
      {order.refunded.amount > 0 ? <Total label="Refunded" money={order.refunded} /> : null}

      <Text role="heading" style={styles.heading}>
        {order.shippingMethod === 'pickup' ? 'Collection' : 'Delivery'}
      </Text>
      <Text style={styles.body}>
        {/* A pickup keeps no street address: who collects it, and the country, are all there is. */}
        {[
          address.name,
          address.line1,
          address.line2,
          [address.postalCode, address.city].filter(Boolean).join(' '),
          address.region,
          address.country,
        ]
          .filter(Boolean)
          .join('\n')}
      </Text>
      <Text style={styles.muted}>{shippingLabel(order)}</Text>

      <OrderShipments order={order} />
      <OrderReturns order={order} onChanged={onChanged} />

      <Text role="heading" style={styles.heading}>
        Timeline
      </Text>
      <View role="list" aria-label="Status timeline">
        {order.timeline.map((step, i) => (
          // Several steps may share a time (a parcel and the move it completes): the position keys them.
          // biome-ignore lint/suspicious/noArrayIndexKey: the timeline only grows at its end
          <View key={i} role="listitem" style={styles.step}>
            <View style={styles.dot} />
            <View style={styles.stepText}>
              <Text style={styles.stepStatus}>
                {step.event ? (EVENT_LABELS[step.event] ?? step.event) : statusLabel[step.to]}
              </Text>
              <Text style={styles.muted}>
                {new Date(step.at).toLocaleString()} · {step.reason}
              </Text>
            </View>
          </View>
        ))}
      </View>
    </ScrollView>
  );
}

// The order does not carry its region's tax mode, but its totals tell: where the total is the
// rest without the tax, the tax was held in the prices (VAT included), not added on top.
function taxIncluded({ subtotal, discount, shipping, tax, total }: Order['totals']): boolean {
  return tax.amount > 0 && total.amount === subtotal.amount - (discount?.amount ?? 0) + shipping.amount;
}

function shippingLabel(order: Pick<Order, 'shippingMethod' | 'shippingName'>): string {
  if (order.shippingMethod === 'pickup') return `Pickup at ${order.shippingName ?? 'the pickup point'}`;
  return order.shippingMethod === 'express' ? 'Express shipping' : 'Standard shipping';
}

interface TotalProps {
  label: string;
  money: Money;
  strong?: boolean;
  /** Taken off the total (a discount). */
  minus?: boolean;
}

function Total({ label, money: amount, strong, minus }: TotalProps) {
  const text = `${minus ? '−' : ''}${money(amount)}`;
  return (
    <View style={styles.lineRow}>
      <Text style={strong ? styles.strong : styles.body}>{label}</Text>
      <Text style={strong ? styles.strong : styles.amount} aria-label={`${label} ${text}`}>
        {text}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  content: { padding: space.lg, gap: space.xs },
  title: { fontSize: 22, fontWeight: '700', color: colors.text },
  status: { fontSize: 17, fontWeight: '600', color: colors.accent },
  heading: {
    fontSize: 17,
    fontWeight: '700',
    color: colors.text,
    marginTop: space.lg,
    marginBottom: space.xs,
  },
  lineRow: { flexDirection: 'row', justifyContent: 'space-between', paddingVertical: space.xs },
  lineTitle: { flex: 1, fontSize: 15, color: colors.text },
  amount: { fontSize: 15, color: colors.text },
  strong: { fontSize: 16, fontWeight: '700', color: colors.text },
  body: { fontSize: 15, color: colors.text, lineHeight: 21 },
  muted: { fontSize: 13, color: colors.muted },
  step: { flexDirection: 'row', gap: space.md, paddingVertical: space.sm },
  dot: { width: 10, height: 10, borderRadius: 5, backgroundColor: colors.accent, marginTop: 5 },
  stepText: { flex: 1 },
  stepStatus: { fontSize: 15, fontWeight: '600', color: colors.text },
});
