import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import {
  baseServiceConfig,
  ConfigError,
  internalTokenAlsoAcceptedValid,
  internalTokenConfig,
  internalTokenReceiverConfig,
  internalTokenRequiredInProduction,
  loadConfig,
  urlString,
} from '../src/config.js';

const schema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 8080 }),
  DATABASE_URL: urlString('PostgreSQL connection URL'),
});

describe('loadConfig', () => {
  it('converts numbers and applies defaults', () => {
    expect(loadConfig(schema, { DATABASE_URL: 'postgres://x/y' })).toEqual({
      PORT: 8080,
      DATABASE_URL: 'postgres://x/y',
    });
    expect(loadConfig(schema, { DATABASE_URL: 'postgres://x/y', PORT: '9000' }).PORT).toBe(9000);
  });

  it('names a missing variable', () => {
    expect(() => loadConfig(schema, {})).toThrow(/DATABASE_URL is required/);
  });

  it('names a malformed variable', () => {
    try {
      loadConfig(schema, { DATABASE_URL: 'not a url', PORT: 'eighty' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toMatch(/DATABASE_URL is malformed/);
      expect(message).toMatch(/PORT is malformed/);
    }
  });
});

describe('INTERNAL_TOKEN', () => {
  const withToken = Type.Object({ ...baseServiceConfig, ...internalTokenConfig });
  const load = (env: Record<string, string>) =>
    loadConfig(withToken, env, [internalTokenRequiredInProduction]);
  const token = 'x'.repeat(32);

  it('is optional outside production', () => {
    expect(load({}).INTERNAL_TOKEN).toBeUndefined();
    expect(load({ NODE_ENV: 'test', INTERNAL_TOKEN: token }).INTERNAL_TOKEN).toBe(token);
  });

  it('refuses a token shorter than 32 characters', () => {
    expect(() => load({ INTERNAL_TOKEN: 'x'.repeat(31) })).toThrow(/INTERNAL_TOKEN is malformed/);
  });

  it('is required in production, by name', () => {
    expect(() => load({ NODE_ENV: 'production' })).toThrow(
      /INTERNAL_TOKEN is required when NODE_ENV is production/,
    );
    expect(load({ NODE_ENV: 'production', INTERNAL_TOKEN: token }).INTERNAL_TOKEN).toBe(token);
  });
});

describe('INTERNAL_TOKEN_ALSO_ACCEPTED', () => {
  const receiver = Type.Object({ ...baseServiceConfig, ...internalTokenReceiverConfig });
  const load = (env: Record<string, string>) =>
    loadConfig(receiver, env, [internalTokenRequiredInProduction, internalTokenAlsoAcceptedValid]);
  const token = 'x'.repeat(32);
  const other = 'y'.repeat(32);

  it('is optional, and kept beside a different INTERNAL_TOKEN', () => {
    expect(
      load({ NODE_ENV: 'production', INTERNAL_TOKEN: token }).INTERNAL_TOKEN_ALSO_ACCEPTED,
    ).toBeUndefined();
    const config = load({
      NODE_ENV: 'production',
      INTERNAL_TOKEN: token,
      INTERNAL_TOKEN_ALSO_ACCEPTED: other,
    });
    expect(config.INTERNAL_TOKEN_ALSO_ACCEPTED).toBe(other);
  });

  it('refuses a value shorter than 32 characters', () => {
    expect(() => load({ INTERNAL_TOKEN: token, INTERNAL_TOKEN_ALSO_ACCEPTED: 'y'.repeat(31) })).toThrow(
      /INTERNAL_TOKEN_ALSO_ACCEPTED is malformed/,
    );
  });

  it('is refused without INTERNAL_TOKEN, by name', () => {
    expect(() => load({ INTERNAL_TOKEN_ALSO_ACCEPTED: other })).toThrow(
      /INTERNAL_TOKEN_ALSO_ACCEPTED is set without INTERNAL_TOKEN/,
    );
  });

  it('is refused when equal to INTERNAL_TOKEN, by name', () => {
    expect(() => load({ INTERNAL_TOKEN: token, INTERNAL_TOKEN_ALSO_ACCEPTED: token })).toThrow(
      /INTERNAL_TOKEN_ALSO_ACCEPTED must differ from INTERNAL_TOKEN/,
    );
  });

  it('is not read by a service that only calls /internal/*', () => {
    const caller = Type.Object({ ...baseServiceConfig, ...internalTokenConfig });
    expect(
      loadConfig(caller, { INTERNAL_TOKEN: token, INTERNAL_TOKEN_ALSO_ACCEPTED: other }),
    ).not.toHaveProperty('INTERNAL_TOKEN_ALSO_ACCEPTED');
  });
});
