import { useRouter } from 'expo-router';
import { OrdersScreen } from '../../screens/orders-screen';

export default function OrdersTab() {
  const router = useRouter();
  return (
    <OrdersScreen
      onOpenOrder={(orderId) => router.push(`/orders/${orderId}`)}
      onSignIn={() => router.push('/sign-in')}
    />
  );
}
