// An order's parcels on the order screen: what each carries, where it stands, and a link to the
// carrier's tracking page when the shop knows one (otherwise the tracking number alone).
import type { Order, Shipment } from '@emporium/api-client';
import { Linking, Pressable, StyleSheet, Text, View } from 'react-native';
import { colors, space } from '../ui/theme';

const FULFILMENT: Record<Order['fulfillmentStatus'], string> = {
  unfulfilled: 'Not shipped yet',
  partially_fulfilled: 'Partly shipped; the rest follows',
  fulfilled: 'Everything has shipped',
};

function tracking(shipment: Shipment): string {
  const carrier = shipment.carrier ?? '';
  if (!shipment.trackingNumber) return carrier ? `with ${carrier}` : '';
  return `${carrier ? `${carrier}, ` : ''}tracking number ${shipment.trackingNumber}`;
}

export function OrderShipments({ order }: { order: Order }) {
  if (order.shipments.length === 0) return null;
  return (
    <>
      <Text role="heading" style={styles.heading}>
        Shipments
      </Text>
      <Text style={styles.muted}>{FULFILMENT[order.fulfillmentStatus]}</Text>
      <View role="list" aria-label="Shipments">
        {order.shipments.map((shipment) => (
          <View key={shipment.shipmentId} role="listitem" style={styles.parcel}>
            <Text style={styles.title}>
              Parcel {shipment.number} · {shipment.status === 'delivered' ? 'Delivered' : 'On its way'}
            </Text>
            <Text style={styles.muted}>{tracking(shipment)}</Text>
            {shipment.lines.map((line) => (
              <Text key={line.sku} style={styles.body}>
                {line.quantity} × {line.title}
              </Text>
            ))}
            {shipment.trackingUrl ? (
              <Pressable
                role="link"
                aria-label={`Track parcel ${shipment.number}`}
                onPress={() => Linking.openURL(shipment.trackingUrl!)}
              >
                <Text style={styles.link}>Track parcel</Text>
              </Pressable>
            ) : null}
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
  parcel: { paddingVertical: space.sm, gap: 2 },
  title: { fontSize: 15, fontWeight: '600', color: colors.text },
  body: { fontSize: 15, color: colors.text },
  muted: { fontSize: 13, color: colors.muted },
  link: { fontSize: 15, color: colors.accent, fontWeight: '600', paddingVertical: space.xs },
});
