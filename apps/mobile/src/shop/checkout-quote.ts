// What checkout will charge, as the shop works it out (GET /cart/{id}/totals): for each shipping
// method at the delivery country, with the applied coupon. A method the country's region does not
// offer is left out, so the shopper chooses only among the region's own shipping options, each
// with its price.
import { ApiError, type CartTotals, type EmporiumClient, type ShippingMethod } from '@emporium/api-client';
import { useLoad } from '../hooks/use-load';

export const SHIPPING_METHODS: readonly ShippingMethod[] = ['standard', 'express', 'pickup'];

export interface ShippingChoice {
  method: ShippingMethod;
  totals: CartTotals;
}

export interface CheckoutQuote {
  /** The methods the region offers, with the totals each would make. */
  choices: ShippingChoice[];
  /** Why there is no quote at all (country not served, coupon refused, a line not sold there). */
  error: unknown;
  loading: boolean;
}

const isCountryCode = (country: string) => /^[A-Za-z]{2}$/.test(country.trim());

export function useCheckoutQuote(
  client: EmporiumClient,
  /** The cart, with a key that changes whenever its lines or currency do. */
  cart: { cartId: string; version: string } | undefined,
  country: string,
  coupon: string,
): CheckoutQuote {
  const destination = isCountryCode(country) ? country.trim().toUpperCase() : '';
  const quote = useLoad(
    async (signal) => {
      if (!cart || !destination) return [];
      const answers = await Promise.allSettled(
        SHIPPING_METHODS.map((shippingMethod) =>
          client.cart.totals(
            cart.cartId,
            { country: destination, shippingMethod, ...(coupon ? { coupon } : {}) },
            signal,
          ),
        ),
      );
      const choices: ShippingChoice[] = [];
      answers.forEach((answer, i) => {
        if (answer.status === 'fulfilled')
          choices.push({ method: SHIPPING_METHODS[i]!, totals: answer.value });
        else if (!offersNoSuchOption(answer.reason)) throw answer.reason;
      });
      if (choices.length === 0) throw answers.find((a) => a.status === 'rejected')?.reason;
      return choices;
    },
    [client, cart?.cartId, cart?.version, destination, coupon],
  );
  return { choices: quote.data ?? [], error: quote.error, loading: quote.loading && destination !== '' };
}

const offersNoSuchOption = (error: unknown) =>
  error instanceof ApiError && error.slug === 'shipping-option-unavailable';
