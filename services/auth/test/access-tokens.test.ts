import { generateKeyPairSync, sign } from 'node:crypto';
import { createTokenVerifier } from '@emporium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessTokenIssuer } from '../src/signing/access-tokens.js';
import { rotateSigningKey } from '../src/signing/key-ring.js';
import { createKeySealer } from '../src/signing/key-sealing.js';
import { type AuthHarness, startAuthHarness } from './harness.js';

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (token: string, index: number) =>
  JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString());

describe('access tokens', () => {
  let auth: AuthHarness;
  let token: string;
  beforeAll(async () => {
    auth = await startAuthHarness();
    token = (await auth.register()).accessToken;
  });
  afterAll(() => auth.close());

  const jwksUrl = () => `${auth.baseUrl}/.well-known/jwks.json`;
  /** Both the platform verifier (what every service runs) and the auth service's own guard must refuse. */
  async function expectRefused(candidate: string) {
    await expect(createTokenVerifier(jwksUrl()).verify(candidate)).rejects.toMatchObject({ status: 401 });
    const res = await auth.service.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { authorization: `Bearer ${candidate}` },
    });
    expect(res.statusCode).toBe(401);
  }

  it('accepts the untouched token', async () => {
    await expect(createTokenVerifier(jwksUrl()).verify(token)).resolves.toMatchObject({
      roles: ['customer'],
    });
  });

  it('refuses a token whose claims were tampered with', async () => {
    const [header, , signature] = token.split('.');
    const payload = { ...decode(token, 1), roles: ['admin'] };
    await expectRefused(`${header}.${part(payload)}.${signature}`);
  });

  it('refuses an expired token', async () => {
    const expired = createAccessTokenIssuer(auth.service.ctx.keys, -120).issue({
      userId: decode(token, 1).sub,
      roles: ['customer'],
      sessionId: decode(token, 1).sid,
    });
    await expectRefused(expired);
  });

  it('refuses a token signed by another key under a published kid', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const signingInput = `${token.split('.')[0]}.${token.split('.')[1]}`;
    const forged = sign(null, Buffer.from(signingInput), privateKey).toString('base64url');
    await expectRefused(`${signingInput}.${forged}`);
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const header = { ...decode(token, 0), alg: 'none' };
    await expectRefused(`${part(header)}.${token.split('.')[1]}.`);
  });

  it('keeps the old key published after a rotation, so its tokens stay valid', async () => {
    const before = decode(token, 0).kid;
    const sealer = createKeySealer(Buffer.alloc(32, 7));
    const newKid = await rotateSigningKey(auth.service.ctx.db, sealer);
    await auth.service.ctx.keys.reload();

    const jwks = (await auth.service.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
    expect(jwks.keys.map((key: { kid: string }) => key.kid)).toEqual([newKid, before]);
    const fresh = await auth.register();
    expect(decode(fresh.accessToken, 0).kid).toBe(newKid);
    const verifier = createTokenVerifier(jwksUrl());
    await expect(verifier.verify(token)).resolves.toBeDefined();
    await expect(verifier.verify(fresh.accessToken)).resolves.toBeDefined();
  });

  it('stores private signing keys sealed, never as plain PKCS#8', async () => {
    const { rows } = await auth.service.ctx.db.query<{ private_key_sealed: Buffer }>(
      'select private_key_sealed from signing_keys',
    );
    expect(rows.length).toBeGreaterThan(0);
    // An Ed25519 PKCS#8 DER always starts with this prefix.
    const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
    for (const row of rows) expect(row.private_key_sealed.includes(pkcs8Prefix)).toBe(false);
  });
});
