import { describe, expect, it } from 'vitest';
import { bearerToken } from '../src/access/identity.js';

const withAuthorization = (authorization: string) => ({ headers: { authorization }, query: {} });

describe('reading the bearer token', () => {
  it('takes the token after the Bearer scheme, whatever its case', () => {
    expect(bearerToken(withAuthorization('Bearer abc.def.ghi'))).toBe('abc.def.ghi');
    expect(bearerToken(withAuthorization('bearer abc.def.ghi'))).toBe('abc.def.ghi');
    expect(bearerToken(withAuthorization('BEARER abc'))).toBe('abc');
  });

  it('reads no token from another scheme, a bare scheme or an empty token', () => {
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearerabc', ' Bearer abc', 'abc']) {
      expect(bearerToken(withAuthorization(header)), header).toBeUndefined();
    }
  });

  it('takes only the first word after the scheme', () => {
    expect(bearerToken(withAuthorization('Bearer abc def'))).toBe('abc');
  });

  it('takes the query token only where allowed, and only without a header', () => {
    const fromQuery = { headers: {}, query: { access_token: 'q-token' } };
    expect(bearerToken(fromQuery)).toBeUndefined();
    expect(bearerToken(fromQuery, true)).toBe('q-token');
    expect(bearerToken({ ...withAuthorization('Bearer h-token'), query: { access_token: 'q' } }, true)).toBe(
      'h-token',
    );
  });
});
