// The port the outbox relay (outbox-relay.ts) drains: any store that keeps unsent events and lets
// a relay claim a batch for a while, then mark it sent. The platform's SQL outbox is one
// (sql-outbox-store.ts); a service keeping events elsewhere (the product catalog on MongoDB)
// implements the same port and gets the same relay.
import type { SerializedEvent } from './bus.js';
import type { EventEnvelope } from './envelope.js';

export interface ClaimedEvent {
  /** The store's handle of the event: what markSent takes back. */
  id: string;
  envelope: EventEnvelope;
}

export interface OutboxStore {
  /**
   * Claims up to `limit` of the oldest unsent events for `claimSeconds`, oldest first. Claimed
   * events are not claimed again until their claim expires: a relay that dies mid-batch is
   * replaced by the next one to claim, and its events are published again (at-least-once).
   */
  claim(limit: number, claimSeconds: number): Promise<ClaimedEvent[]>;
  /** Removes published events. */
  markSent(ids: string[]): Promise<void>;
  /** Unsent events, claimed or not (the pending gauge); stores that cannot count leave it out. */
  pendingCount?(): Promise<number>;
  /** Age of the oldest unsent event in seconds, 0 when none (the lag gauge). */
  oldestPendingSeconds?(): Promise<number>;
  /**
   * Takes a batch under row locks held while `publish` runs, and removes it once `publish`
   * resolved (in the same transaction): one write per event instead of a claim and a removal.
   * The events are handed over as stored (serialised), oldest first. The relay uses it when
   * present, unless the publisher delivers in this process (see EventPublisher.deliversInProcess).
   */
  relayUnderLock?(
    limit: number,
    publish: (events: SerializedEvent[]) => Promise<void>,
  ): Promise<SerializedEvent[]>;
}
