// The Stripe events already applied, by Stripe's event id: Stripe may deliver one event more than once.
import { type SqlExecutor, sql } from '@emporium/platform';

export const stripeWebhookEvents = {
  /** Records the event as applied; false when it had been recorded before (a repeated delivery). */
  async recordFirstDelivery(tx: SqlExecutor, event: { id: string; type: string }): Promise<boolean> {
    const { rowCount } = await tx.query(
      sql`insert into stripe_webhook_events (id, type) values (${event.id}, ${event.type}) on conflict do nothing`,
    );
    return rowCount > 0;
  },
};
