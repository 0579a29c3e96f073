import { useRouter } from 'expo-router';
import { CheckoutScreen } from '../screens/checkout-screen';

export default function CheckoutRoute() {
  const router = useRouter();
  // The order replaces checkout in the stack: "back" from the order leads to the cart, not the form.
  return (
    <CheckoutScreen
      onPlaced={(orderId) => router.replace(`/orders/${orderId}`)}
      onSignIn={() => router.push('/sign-in')}
    />
  );
}
