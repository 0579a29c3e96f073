// The service passes both configured internal tokens on: mid-rotation, /internal/* lets either
// through and refuses any other value.
import { randomBytes } from 'node:crypto';
import { internalTokenHeaders, loadConfig, type ServiceApp } from '@emporium/platform';
import { createTestTokens } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productConfigSchema } from '../src/config.js';
import { startProductService } from '../src/service.js';

const TOKEN = randomBytes(32).toString('base64url');
const ALSO_ACCEPTED = randomBytes(32).toString('base64url');

describe('product /internal/* during a rotation of INTERNAL_TOKEN', () => {
  let service: Awaited<ReturnType<typeof startProductService>>;
  let app: ServiceApp;

  beforeAll(async () => {
    const config = loadConfig(productConfigSchema, {
      CATALOG_URL: 'pglite:memory',
      AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks.json',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      INTERNAL_TOKEN: TOKEN,
      INTERNAL_TOKEN_ALSO_ACCEPTED: ALSO_ACCEPTED,
    });
    service = await startProductService(config, { verifier: (await createTestTokens()).verifier });
    app = service.app;
  });
  afterAll(async () => {
    await service.close();
    await app.close();
  });

  it.each([
    ['INTERNAL_TOKEN', TOKEN, 200],
    ['INTERNAL_TOKEN_ALSO_ACCEPTED', ALSO_ACCEPTED, 200],
    ['another value', randomBytes(32).toString('base64url'), 401],
  ])('answers a call with %s', async (_name, token, status) => {
    const res = await app.inject({
      method: 'GET',
      url: '/internal/variants?skus=NONE',
      headers: internalTokenHeaders(token),
    });
    expect(res.statusCode).toBe(status);
  });
});
