import { useFocusEffect, useRouter } from 'expo-router';
import { useCallback } from 'react';
import { CartScreen } from '../../screens/cart-screen';
import { useCart } from '../../shop/shop-provider';

export default function CartTab() {
  const router = useRouter();
  const { reload } = useCart();
  // Prices and stock move while the shopper is elsewhere: read the cart again on each visit.
  useFocusEffect(useCallback(() => reload(), [reload]));
  return <CartScreen onCheckout={() => router.push('/checkout')} />;
}
