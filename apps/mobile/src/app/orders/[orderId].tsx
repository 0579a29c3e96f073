import { useLocalSearchParams } from 'expo-router';
import { OrderScreen } from '../../screens/order-screen';

export default function OrderRoute() {
  const { orderId } = useLocalSearchParams<{ orderId: string }>();
  return <OrderScreen orderId={orderId} />;
}
