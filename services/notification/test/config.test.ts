import { ConfigError, loadConfig } from '@emporium/platform';
import { describe, expect, it } from 'vitest';
import { listOf, notificationConfigSchema } from '../src/config.js';

const valid = {
  DATABASE_URL: 'postgres://emporium:emporium@127.0.0.1:5432/notification',
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
  AUTH_JWKS_URL: 'http://127.0.0.1:8081/.well-known/jwks.json',
  SMTP_URL: 'smtps://mailer:secret@smtp.example.test:465',
};

describe('notification configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(notificationConfigSchema, valid);
    expect(config).toMatchObject({
      PORT: 8086,
      EVENTS_EXCHANGE: 'emporium.events',
      MAIL_FROM: 'Emporium <shop@emporium.local>',
      SHOP_NAME: 'Emporium',
      PUBLIC_WEB_URL: 'http://127.0.0.1:8080',
      SSE_HEARTBEAT_SECONDS: 15,
    });
    expect(listOf(config.ADMIN_EMAILS)).toEqual([]);
  });

  it('names a missing or malformed SMTP_URL', () => {
    const { SMTP_URL: _missing, ...withoutSmtp } = valid;
    expect(() => loadConfig(notificationConfigSchema, withoutSmtp)).toThrow(/SMTP_URL is required/);
    expect(() => loadConfig(notificationConfigSchema, { ...valid, SMTP_URL: 'http://mail' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig(notificationConfigSchema, { ...valid, SMTP_URL: 'http://mail' })).toThrow(
      /SMTP_URL is malformed/,
    );
  });

  it('reads the admin addresses as a comma-separated list', () => {
    const config = loadConfig(notificationConfigSchema, { ...valid, ADMIN_EMAILS: ' a@x.test, b@x.test ,' });
    expect(listOf(config.ADMIN_EMAILS)).toEqual(['a@x.test', 'b@x.test']);
  });
});
