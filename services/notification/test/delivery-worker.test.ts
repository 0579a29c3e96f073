import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openSqlDatabase, runMigrations, type SqlDatabase, sql } from '@emporium/platform';
import { createTestDatabase, type TestDatabase } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryWorker } from '../src/delivery/delivery-worker.js';
import type { MailSender } from '../src/delivery/mail-sender.js';
import { pruneDeliveryLog } from '../src/delivery/retention.js';
import { createSmtpSender } from '../src/delivery/smtp-sender.js';
import { queueDelivery } from '../src/repositories/deliveries.js';
import { anEmail } from './support/events.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp-server.js';

const migrations = fileURLToPath(new URL('../migrations', import.meta.url));
const timeouts = { connectionMs: 5000, greetingMs: 5000, socketMs: 10_000 };

describe('delivery worker', () => {
  let testDb: TestDatabase;
  let db: SqlDatabase;
  let smtp: TestSmtpServer;

  const queue = async (recipient: string) => {
    const id = randomUUID();
    await queueDelivery(db, {
      id,
      eventId: randomUUID(),
      eventType: 'order.shipped',
      kind: 'order_shipped',
      recipient,
      userId: null,
      subject: `Parcel for ${recipient}`,
      html: '<p>On its way</p>',
      text: 'On its way',
    });
    return id;
  };
  const senders: MailSender[] = [];
  const workerOn = (retryDelaysMs = [100]) => {
    const sender = createSmtpSender(smtp.url, timeouts);
    senders.push(sender);
    return createDeliveryWorker({
      db,
      sender,
      from: 'Emporium <shop@emporium.local>',
      retryDelaysMs,
      batchSize: 5,
    });
  };

  beforeAll(async () => {
    testDb = await createTestDatabase('notification_worker');
    db = await openSqlDatabase(testDb.url);
    await runMigrations(db, migrations);
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => {
    for (const sender of senders) sender.close();
    await db?.close();
    await testDb?.drop();
    await smtp?.close();
  });

  it('never sends a mail twice when two replicas work the same queue', async () => {
    const recipients = Array.from({ length: 30 }, () => anEmail('parcel'));
    for (const recipient of recipients) await queue(recipient);
    const [a, b] = [workerOn(), workerOn()];

    let attempted = 0;
    do {
      const counts = await Promise.all([a.runOnce(), b.runOnce()]);
      attempted = counts[0] + counts[1];
    } while (attempted > 0);

    for (const recipient of recipients) expect(smtp.to(recipient)).toHaveLength(1);
  });

  it('sends a mail left mid-send by a crashed worker once its claim has expired', async () => {
    const recipient = anEmail('crash');
    const id = await queue(recipient);
    await db.query(
      sql`update deliveries set status = 'sending', attempts = 1, claimed_until = now() - interval '1 second'
       where id = ${id}`,
    );

    await workerOn().runOnce();

    expect(smtp.to(recipient)).toHaveLength(1);
    const { rows } = await db.query<{ status: string; attempts: number }>(
      sql`select status, attempts from deliveries where id = ${id}`,
    );
    expect(rows[0]).toEqual({ status: 'sent', attempts: 2 });
  });

  it('leaves a mail another worker is still sending alone', async () => {
    const recipient = anEmail('busy');
    const id = await queue(recipient);
    await db.query(
      sql`update deliveries set status = 'sending', attempts = 1, claimed_until = now() + interval '5 minutes'
       where id = ${id}`,
    );

    await workerOn().runOnce();

    expect(smtp.attemptsFor(recipient)).toBe(0);
  });

  it('prunes old sent mails from the log but keeps mail still to send', async () => {
    const sent = await queue(anEmail('old-sent'));
    const waiting = await queue(anEmail('old-waiting'));
    await db.query(sql`update deliveries set status = 'sent' where id = ${sent}`);
    await db.query(
      sql`update deliveries set created_at = now() - interval '91 days' where id = any(${[sent, waiting]}::uuid[])`,
    );

    await pruneDeliveryLog(db, 90);

    const { rows } = await db.query<{ id: string }>(
      sql`select id from deliveries where id = any(${[sent, waiting]}::uuid[])`,
    );
    expect(rows.map((row) => row.id)).toEqual([waiting]);
  });

  it('gives every message a stable Message-ID, so a re-send can be recognised', async () => {
    const recipient = anEmail('msgid');
    const id = await queue(recipient);
    await workerOn().runOnce();
    expect(smtp.to(recipient)[0]!.messageId).toBe(`<${id}@emporium.local>`);
  });
});
