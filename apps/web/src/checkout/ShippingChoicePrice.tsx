// What a shipping choice costs this cart at this destination, from the shop's own totals for that
// method (never worked out here): "Free", a price, or nothing while it is unknown or refused.
import type { Cart, ShippingMethod } from '@emporium/api-client';
import { Price } from '../components/Price';
import { useCartTotals } from './cart-totals';

interface Props {
  cart: Cart;
  country: string;
  method: ShippingMethod;
  coupon: string;
}

export function ShippingChoicePrice({ cart, country, method, coupon }: Props) {
  const totals = useCartTotals(cart, country, method, coupon);
  const shipping = totals.data?.shipping;
  if (!shipping) return null;
  return (
    <span className="shipping-option-price">
      {shipping.amount === 0 ? 'Free' : <Price money={shipping} className="" />}
    </span>
  );
}
