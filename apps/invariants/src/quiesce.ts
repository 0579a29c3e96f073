// The quiet period: after the clients stop, sagas, outboxes, queues and the mail worker still
// finish what was started. Quiet means nothing is in flight and nothing moved for a few reads in a
// row (events already published may still be on their way through the broker).
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { readInFlight, type StoreUrls } from './read-stores.js';

const POLL_MS = 1000;
const STILL_READS = 3;

/** Counts that move while consumers still work through published events. */
async function progress(urls: StoreUrls): Promise<string> {
  const read = async (url: string, sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return JSON.stringify((await client.query(sql)).rows);
    } finally {
      await client.end();
    }
  };
  return (
    await Promise.all([
      read(
        urls.product,
        'select (select count(*) from event_inbox) as i, (select count(*) from reservations) as r',
      ),
      read(
        urls.notification,
        'select (select count(*) from event_inbox) as i, (select count(*) from deliveries) as d',
      ),
      read(urls.order, 'select count(*) as t from order_transitions'),
      read(urls.payment, 'select count(*) as p from payment_attempts'),
    ])
  ).join();
}

/** Waits until the platform is quiet; false when it was not within `timeoutMs` (the checker says what is left). */
export async function waitUntilQuiet(urls: StoreUrls, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let still = 0;
  while (Date.now() < deadline) {
    const inFlight = await readInFlight(urls);
    const now = await progress(urls);
    const idle =
      inFlight.checkoutsRunning +
        inFlight.outboxRows +
        inFlight.deliveriesQueued +
        inFlight.refundsPending ===
      0;
    still = idle && now === last ? still + 1 : 0;
    if (still >= STILL_READS) return true;
    last = now;
    await sleep(POLL_MS);
  }
  return false;
}
