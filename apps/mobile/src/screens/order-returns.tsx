// An order's returns and exchanges on the order screen: what each carries, where it stands, the
// refund once the shop has received it, and for an exchange its replacement and the difference to
// pay. Below them, on a delivered order, the form to ask for an exchange (exchange-form.tsx).
import { formatMoney, type Order, type OrderReturn } from '@emporium/api-client';
import { StyleSheet, Text, View } from 'react-native';
import { colors, space } from '../ui/theme';
import { ExchangeForm } from './exchange-form';

const STATUS: Record<OrderReturn['status'], string> = {
  requested: 'Requested',
  approved: 'Approved: send the items back',
  rejected: 'Rejected',
  received: 'Received: refund on its way',
  refunded: 'Refunded',
  exchanged: 'Exchanged: replacement shipped',
};

/** `onChanged`: an exchange was asked for; the order is read again to show it. */
export function OrderReturns({ order, onChanged }: { order: Order; onChanged: () => void }) {
  return (
    <>
      {order.returns.length > 0 ? <ReturnList order={order} /> : null}
      <ExchangeForm order={order} onRequested={onChanged} />
    </>
  );
}

function ReturnList({ order }: { order: Order }) {
  return (
    <>
      <Text role="heading" style={styles.heading}>
        Returns
      </Text>
      <View role="list" aria-label="Returns">
        {order.returns.map((ret) => (
          <View key={ret.returnId} role="listitem" style={styles.item}>
            <Text style={styles.title}>
              {ret.kind === 'exchange' ? 'Exchange' : 'Return'} {ret.number} · {STATUS[ret.status]}
            </Text>
            {ret.lines.map((line) => (
              <Text key={line.sku} style={styles.body}>
                {line.quantity} × {line.title}
              </Text>
            ))}
            {ret.replacement ? (
              <Text style={styles.body}>
                For {ret.replacement.quantity} × {ret.replacement.title}
              </Text>
            ) : null}
            {ret.charge ? <Text style={styles.body}>Difference {formatMoney(ret.charge)}</Text> : null}
            {ret.rejectionReason ? <Text style={styles.muted}>{ret.rejectionReason}</Text> : null}
            {ret.refund ? <Text style={styles.body}>Refund {formatMoney(ret.refund)}</Text> : null}
          </View>
        ))}
      </View>
    </>
  );
}

const styles = StyleSheet.create({
  heading: {
    fontSize: 17,
    fontWeight: '700',
    color: colors.text,
    marginTop: space.lg,
    marginBottom: space.xs,
  },
  item: { paddingVertical: space.sm, gap: 2 },
  title: { fontSize: 15, fontWeight: '600', color: colors.text },
  body: { fontSize: 15, color: colors.text },
  muted: { fontSize: 13, color: colors.muted },
});
