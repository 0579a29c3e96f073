// Checkout's totals as the shop will charge them: subtotal, what promotions and the coupon take
// off, the chosen shipping option, the tax (held in the prices where the region includes VAT,
// added where it does not) and the total, all in the delivery region's currency.
import type { CartTotals } from '@emporium/api-client';
import { StyleSheet, Text, View } from 'react-native';
import { moneyText as money } from '../shop/region';
import { colors, space } from '../ui/theme';

export function CheckoutTotals({ totals }: { totals: CartTotals }) {
  const promotions = totals.promotions.map((p) => p.code ?? p.name).join(', ');
  return (
    <View role="list" aria-label="Order total" style={styles.totals}>
      <Row label="Subtotal" value={money(totals.subtotal)} />
      {totals.discount.amount > 0 ? (
        <Row
          label={promotions ? `Discount (${promotions})` : 'Discount'}
          value={`−${money(totals.discount)}`}
        />
      ) : null}
      <Row
        label={totals.shippingMethod === 'express' ? 'Express shipping' : 'Standard shipping'}
        value={totals.shipping.amount === 0 ? 'Free' : money(totals.shipping)}
      />
      <Row label={totals.taxInclusive ? 'Included VAT' : 'Tax'} value={money(totals.tax)} />
      <Row label="Total" value={money(totals.total)} strong />
    </View>
  );
}

function Row({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <View role="listitem" aria-label={`${label} ${value}`} style={styles.row}>
      <Text style={strong ? styles.strong : styles.label}>{label}</Text>
      <Text style={strong ? styles.strong : styles.value}>{value}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  totals: { marginTop: space.md, gap: space.xs },
  row: { flexDirection: 'row', justifyContent: 'space-between', gap: space.md },
  label: { flex: 1, fontSize: 15, color: colors.text },
  value: { fontSize: 15, color: colors.text },
  strong: { fontSize: 17, fontWeight: '700', color: colors.text },
});
