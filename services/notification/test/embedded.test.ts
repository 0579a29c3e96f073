// The embedded quick start: PGlite, the in-process bus and the SMTP sink, no server at all.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventSchemas } from '@emporium/contracts';
import { createEnvelope, loadConfig, openEventBus, openSqlDatabase } from '@emporium/platform';
import { createTestTokens, waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMailCommand } from '../src/cli/mail-command.js';
import { notificationConfigSchema } from '../src/config.js';
import { type NotificationService, startNotificationService } from '../src/service.js';
import { anOrder } from './support/events.js';

describe('embedded notification service (PGlite, in-process bus, SMTP sink)', () => {
  let dir: string;
  let service: NotificationService | undefined;
  let adminToken: string;
  const order = anOrder();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'notification-embedded-'));
    const tokens = await createTestTokens();
    adminToken = await tokens.sign({ roles: ['admin'] });
    const config = loadConfig(notificationConfigSchema, {
      DATABASE_URL: `pglite://${dir}`,
      AMQP_URL: 'memory:',
      SMTP_URL: 'memory:',
      AUTH_JWKS_URL: 'http://127.0.0.1:9/unused',
      LOG_LEVEL: 'silent',
    });
    service = await startNotificationService(config, { verifier: tokens.verifier });
  });
  afterAll(async () => {
    await service?.app.close();
    await service?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the mails it sends in the sink, readable by admins', async () => {
    const bus = openEventBus('memory:', eventSchemas);
    await bus.publish([createEnvelope('/tests', { type: 'order.confirmed', data: order })]);

    const list = async () =>
      (
        await service!.app.inject({
          method: 'GET',
          url: '/admin/notifications/outbox-mail',
          headers: { authorization: `Bearer ${adminToken}` },
        })
      ).json();
    await waitFor(async () => (await list()).items.length === 1);
    const [summary] = (await list()).items;
    expect(summary).toMatchObject({ to: [order.email], subject: `Order ${order.orderNumber} confirmed` });

    const detail = await service!.app.inject({
      method: 'GET',
      url: `/admin/notifications/outbox-mail/${summary.id}`,
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(detail.json().text).toContain('Blue enamel mug (MUG-BLUE): 2 × €12.50 = €25.00');
  });

  it('lists and shows the sink with the mail command once the service has stopped', async () => {
    await service!.app.close();
    await service!.close();
    service = undefined;
    const db = await openSqlDatabase(`pglite://${dir}`);
    const output = async (args: string[]) => {
      let text = '';
      const code = await runMailCommand(db, args, (chunk) => {
        text += chunk;
      });
      return { code, text };
    };
    try {
      const list = await output(['list']);
      expect(list.text).toContain(`Order ${order.orderNumber} confirmed`);
      const id = list.text.split(/\s+/)[0]!;

      const show = await output(['show', id]);
      expect(show.code).toBe(0);
      expect(show.text).toContain(`To: ${order.email}`);
      expect(show.text).toContain('Total: €49.94');
      expect((await output(['show', '00000000-0000-4000-8000-000000000000'])).code).toBe(1);
    } finally {
      await db.close();
    }
  });
});
