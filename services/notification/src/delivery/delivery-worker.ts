// Sends queued mails. It claims due rows (SKIP LOCKED, so replicas never hold the same row) into
// a bounded number of sending slots and records each outcome: sent; a transient failure (4xx reply,
// connection trouble) back to pending after the next backoff delay; a permanent one (5xx) failed
// with its reason, as is a transient one that used up its attempts.
//
// The one window for a duplicate: the SMTP server accepted the mail and this process died before
// `markSent` committed. The claim then expires and another pass sends it again. The window is the
// time of one UPDATE (markSent is retried in-process if the database blips), and the re-sent mail
// carries the same Message-ID, which lets mail clients fold the two.
import { createWakeSignal, type SqlDatabase } from '@emporium/platform';
import { Counter, Gauge, type Registry } from 'prom-client';
import {
  backlog,
  type ClaimedDelivery,
  claimDueDeliveries,
  markFailed,
  markSent,
  scheduleRetry,
} from '../repositories/deliveries.js';
import { classifySendError, type MailSender } from './mail-sender.js';

export interface DeliveryWorkerOptions {
  db: SqlDatabase;
  sender: MailSender;
  from: string;
  /** Waits before attempts 2, 3, …; after the last the mail is failed. */
  retryDelaysMs: number[];
  metrics?: Registry;
  /** Mails in flight at once (and the most one pass claims). */
  batchSize?: number;
  /** How long the worker sleeps when nothing is due and nobody kicked it. */
  idleDelayMs?: number;
  /** How long a claimed row stays claimed; longer than any SMTP timeout, so a live sender is never overtaken. */
  claimSeconds?: number;
  onError?: (error: unknown) => void;
}

export interface DeliveryWorker {
  /** Claims one batch and waits for all of it (tests and tools); returns how many it attempted. */
  runOnce(): Promise<number>;
  /** Wakes the worker now (a handler just queued mail). */
  kick(): void;
  start(): void;
  stop(): Promise<void>;
}

const domainOf = (address: string) => /@([^>\s]+)>?\s*$/.exec(address)?.[1] ?? 'emporium.local';

async function withRetries<T>(attempts: number, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

function deliveryMetrics(registry: Registry | undefined, db: SqlDatabase) {
  const registers = registry ? [registry] : [];
  const emails = new Counter({
    name: 'notification_emails_total',
    help: 'E-mail send attempts by kind and outcome (sent, retried, failed)',
    labelNames: ['kind', 'outcome'] as const,
    registers,
  });
  new Gauge({
    name: 'notification_emails_backlog',
    help: 'E-mails by queue state: pending (to send) and failed (given up, needs an admin)',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      const counts = await backlog(db).catch(() => undefined);
      if (!counts) return;
      this.set({ state: 'pending' }, counts.pending);
      this.set({ state: 'failed' }, counts.failed);
    },
  });
  return emails;
}

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { db, sender, from, retryDelaysMs } = options;
  const batchSize = options.batchSize ?? 20;
  const idleDelayMs = options.idleDelayMs ?? 500;
  const claimSeconds = options.claimSeconds ?? 300;
  const messageDomain = domainOf(from);
  const emails = deliveryMetrics(options.metrics, db);
  let running = false;
  let loop: Promise<void> | undefined;
  const signal = createWakeSignal();

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    let messageId: string;
    try {
      ({ messageId } = await sender.send({
        from,
        to: delivery.recipient,
        subject: delivery.subject,
        html: delivery.html,
        text: delivery.text,
        messageId: `<${delivery.id}@${messageDomain}>`,
        headers: { 'X-Emporium-Kind': delivery.kind, 'X-Emporium-Event-Id': delivery.eventId },
      }));
    } catch (error) {
      const failure = classifySendError(error);
      const delay = retryDelaysMs[delivery.attempts - 1];
      if (failure.permanent || delay === undefined) {
        const reason = failure.permanent
          ? failure.reason
          : `gave up after ${delivery.attempts} attempts: ${failure.reason}`;
        await markFailed(db, delivery.id, reason);
        emails.inc({ kind: delivery.kind, outcome: 'failed' });
      } else {
        await scheduleRetry(db, delivery.id, delay, failure.reason);
        emails.inc({ kind: delivery.kind, outcome: 'retried' });
      }
      return;
    }
    await withRetries(5, () => markSent(db, delivery.id, messageId));
    emails.inc({ kind: delivery.kind, outcome: 'sent' });
  }

  async function runOnce(): Promise<number> {
    const claimed = await claimDueDeliveries(db, batchSize, claimSeconds);
    const results = await Promise.allSettled(claimed.map(deliver));
    for (const result of results) if (result.status === 'rejected') options.onError?.(result.reason);
    return claimed.length;
  }

  // Keeps up to batchSize mails in flight: a slot freed by a finished mail is refilled at once
  // rather than after the slowest mail of a batch.
  const inFlight = new Set<Promise<void>>();

  async function run(): Promise<void> {
    while (running) {
      const free = batchSize - inFlight.size;
      let claimed: ClaimedDelivery[] = [];
      if (free > 0) {
        try {
          claimed = await claimDueDeliveries(db, free, claimSeconds);
        } catch (error) {
          options.onError?.(error);
          await signal.sleep(Math.max(idleDelayMs, 1000));
          continue;
        }
        for (const delivery of claimed) {
          const sending: Promise<void> = deliver(delivery)
            .catch((error) => options.onError?.(error))
            .finally(() => {
              inFlight.delete(sending);
              kick();
            });
          inFlight.add(sending);
        }
      }
      // A full claim suggests more are due; otherwise wait for a kick (new mail, a freed slot).
      if (free === 0 || claimed.length < free) await signal.sleep(idleDelayMs);
    }
    await Promise.all(inFlight);
  }

  const kick = () => signal.kick();

  return {
    runOnce,
    kick,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      signal.kick();
      await loop;
    },
  };
}
