// The service passes both configured internal tokens on: mid-rotation, /internal/* lets either
// through and refuses any other value.
import { randomBytes, randomUUID } from 'node:crypto';
import { internalTokenHeaders } from '@emporium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaymentHarness } from './support/payment-harness.js';

const TOKEN = randomBytes(32).toString('base64url');
const ALSO_ACCEPTED = randomBytes(32).toString('base64url');

describe('payment /internal/* during a rotation of INTERNAL_TOKEN', () => {
  let h: Awaited<ReturnType<typeof startPaymentHarness>>;
  beforeAll(async () => {
    h = await startPaymentHarness({ INTERNAL_TOKEN: TOKEN, INTERNAL_TOKEN_ALSO_ACCEPTED: ALSO_ACCEPTED });
  });
  afterAll(() => h.close());

  it.each([
    ['INTERNAL_TOKEN', TOKEN, 200],
    ['INTERNAL_TOKEN_ALSO_ACCEPTED', ALSO_ACCEPTED, 200],
    ['another value', randomBytes(32).toString('base64url'), 401],
  ])('answers a call with %s', async (_name, token, status) => {
    const res = await h.app.inject({
      method: 'GET',
      url: `/internal/payments?orderId=${randomUUID()}`,
      headers: internalTokenHeaders(token),
    });
    expect(res.statusCode).toBe(status);
  });
});
