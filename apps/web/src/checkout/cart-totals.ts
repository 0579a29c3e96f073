// The cart's totals as checkout would charge them (GET /cart/{id}/totals) at a destination, by a
// shipping method, with a coupon: one query, shared by the summary and by each shipping choice's
// price, so the chosen method's answer is read once and the shop's own numbers are all that show.
import type { Cart, ShippingMethod } from '@emporium/api-client';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../app/api-context';

export function useCartTotals(cart: Cart, country: string, shippingMethod: ShippingMethod, coupon: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['cart', 'totals', cart.cartId, country, shippingMethod, coupon, cart.lines],
    queryFn: ({ signal }) =>
      api.cart.totals(
        cart.cartId,
        { country: country.trim().toUpperCase(), shippingMethod, ...(coupon ? { coupon } : {}) },
        signal,
      ),
    enabled: /^[A-Za-z]{2}$/.test(country.trim()),
    retry: false,
  });
}
