// What an order keeps of where it goes. Shipped: the whole street address, so its street, city and
// postal code are required. Picked up at the region's pickup point: who collects it (name, phone)
// and the country, which decides the region, the currency and the tax; a street typed anyway is
// not kept, so the order never shows an address it will not go to.

import type { OrderAddress } from '@emporium/contracts';
import type { CheckoutBody } from '@emporium/contracts/order';
import { problems } from '@emporium/platform';

const STREET_FIELDS = ['line1', 'city', 'postalCode'] as const;

export function deliveryAddressOf(body: CheckoutBody): OrderAddress {
  const address = body.shippingAddress;
  if (body.shippingMethod === 'pickup') {
    return { name: address.name, country: address.country, ...(address.phone && { phone: address.phone }) };
  }
  const missing = STREET_FIELDS.filter((field) => !address[field]);
  if (missing.length > 0) {
    throw problems.validation(
      missing.map((field) => ({
        field: `body.shippingAddress.${field}`,
        message: 'is required unless the order is picked up',
      })),
    );
  }
  return address;
}
