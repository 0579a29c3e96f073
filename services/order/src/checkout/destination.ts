// Where an order goes, as the pricing service reads it: the country, and the subdivision when the
// address's region is written as its ISO 3166-2 code (CA for California). A region written out
// ("California") prices at the country's rate.
import type { OrderAddress } from '@emporium/contracts';

const SUBDIVISION_CODE = /^[A-Z0-9]{1,3}$/;

export function destinationOf(address: OrderAddress): { country: string; subdivision?: string } {
  const region = address.region?.trim().toUpperCase();
  return region && SUBDIVISION_CODE.test(region)
    ? { country: address.country, subdivision: region }
    : { country: address.country };
}
