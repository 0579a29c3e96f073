// Path parameters and headers the admin routes share.
import { Uuid } from '@emporium/contracts';
import { CountryCode } from '@emporium/contracts/pricing';
import { principalOf } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';

export const RegionParams = Type.Object({ regionId: Uuid });
export const RegionCountryParams = Type.Object({ regionId: Uuid, country: CountryCode });
export const RegionItemParams = Type.Object({ regionId: Uuid, id: Uuid });

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' }),
  ),
});

/** An admin's Idempotency-Key, scoped to them and to the route it was sent to. */
export function keyedRequest(request: FastifyRequest, body: unknown) {
  const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
  return {
    key,
    scope: `${principalOf(request).userId} ${request.routeOptions.url} ${JSON.stringify(request.params)}`,
    body,
  };
}
