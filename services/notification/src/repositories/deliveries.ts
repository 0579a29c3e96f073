// The delivery queue and its log. A row is rendered once, when its event is handled; the worker
// claims due rows, sends them and records the outcome.
import type { Delivery, DeliveryStatus, NotificationKind } from '@emporium/contracts/notification';
import type { SqlExecutor } from '@emporium/platform';
import { iso, isoOrNull, pageOf } from './rows.js';

interface DeliveryRow {
  seq: number;
  id: string;
  event_id: string;
  event_type: string;
  kind: NotificationKind;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  next_attempt_at: Date | null;
  sent_at: Date | null;
}

const SUMMARY = `seq, id, event_id, event_type, kind, recipient, subject, status, attempts, last_error,
  created_at, next_attempt_at, sent_at`;

const toDelivery = (row: DeliveryRow): Delivery => ({
  id: row.id,
  eventId: row.event_id,
  eventType: row.event_type,
  kind: row.kind,
  recipient: row.recipient,
  subject: row.subject,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: iso(row.created_at),
  nextAttemptAt: row.status === 'pending' ? isoOrNull(row.next_attempt_at) : null,
  sentAt: isoOrNull(row.sent_at),
});

export interface NewDelivery {
  id: string;
  eventId: string;
  eventType: string;
  kind: NotificationKind;
  recipient: string;
  userId: string | null;
  subject: string;
  html: string;
  text: string;
  /** Set when the recipient opted out: recorded as suppressed, never sent. */
  suppressedBecause?: string;
}

/** Queues a mail; a second insert for the same (event, kind, recipient) is ignored. */
export async function queueDelivery(tx: SqlExecutor, delivery: NewDelivery): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into deliveries (id, event_id, event_type, kind, recipient, user_id, subject, html, text,
       status, next_attempt_at, last_error)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, case when $10 = 'pending' then now() end, $11)
     on conflict (event_id, kind, recipient) do nothing`,
    [
      delivery.id,
      delivery.eventId,
      delivery.eventType,
      delivery.kind,
      delivery.recipient,
      delivery.userId,
      delivery.subject,
      delivery.html,
      delivery.text,
      delivery.suppressedBecause ? 'suppressed' : 'pending',
      delivery.suppressedBecause ?? null,
    ],
  );
  return rowCount > 0;
}

export interface ClaimedDelivery {
  id: string;
  kind: NotificationKind;
  eventId: string;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  /** Counting this one. */
  attempts: number;
}

/**
 * Claims due rows for this worker: pending ones whose time has come, and ones a crashed worker
 * left in `sending` past their claim. SKIP LOCKED keeps replicas from claiming the same row.
 */
export async function claimDueDeliveries(
  db: SqlExecutor,
  limit: number,
  claimSeconds: number,
): Promise<ClaimedDelivery[]> {
  const { rows } = await db.query<DeliveryRow>(
    `update deliveries set status = 'sending', attempts = attempts + 1,
       claimed_until = now() + make_interval(secs => $2)
     where id in (
       select id from deliveries
       where (status = 'pending' and next_attempt_at <= now())
          or (status = 'sending' and claimed_until < now())
       order by next_attempt_at nulls first, seq
       limit $1 for update skip locked)
     returning id, kind, event_id, recipient, subject, html, text, attempts`,
    [limit, claimSeconds],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    eventId: row.event_id,
    recipient: row.recipient,
    subject: row.subject,
    html: row.html,
    text: row.text,
    attempts: row.attempts,
  }));
}

export async function markSent(db: SqlExecutor, id: string, messageId: string): Promise<void> {
  await db.query(
    `update deliveries set status = 'sent', sent_at = now(), message_id = $2, claimed_until = null,
       next_attempt_at = null
     where id = $1`,
    [id, messageId],
  );
}

export async function scheduleRetry(
  db: SqlExecutor,
  id: string,
  delayMs: number,
  reason: string,
): Promise<void> {
  await db.query(
    `update deliveries set status = 'pending', claimed_until = null, last_error = $3,
       next_attempt_at = now() + make_interval(secs => $2)
     where id = $1`,
    [id, delayMs / 1000, reason],
  );
}

export async function markFailed(db: SqlExecutor, id: string, reason: string): Promise<void> {
  await db.query(
    `update deliveries set status = 'failed', claimed_until = null, next_attempt_at = null, last_error = $2
     where id = $1`,
    [id, reason],
  );
}

/** An admin's second chance for a failed mail (e.g. after fixing SMTP credentials). */
export async function requeueFailed(db: SqlExecutor, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update deliveries set status = 'pending', next_attempt_at = now(), attempts = 0
     where id = $1 and status = 'failed'`,
    [id],
  );
  return rowCount > 0;
}

export interface DeliverySearch {
  status?: DeliveryStatus;
  recipient?: string;
  kind?: NotificationKind;
  cursor?: string;
  limit: number;
}

// The recipient filter is a case-insensitive prefix ("alice" or the whole address), so it can use
// the text_pattern_ops index instead of scanning the log.
const likePrefix = (text: string) => `${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

export async function searchDeliveries(db: SqlExecutor, search: DeliverySearch) {
  const { rows } = await db.query<DeliveryRow>(
    `select ${SUMMARY} from deliveries
     where ($1::text is null or status = $1)
       and ($2::text is null or lower(recipient) like $2 escape '\\')
       and ($3::text is null or kind = $3)
       and ($4::bigint is null or seq < $4)
     order by seq desc limit $5`,
    [
      search.status ?? null,
      search.recipient === undefined ? null : likePrefix(search.recipient),
      search.kind ?? null,
      search.cursor ?? null,
      search.limit + 1,
    ],
  );
  return pageOf(rows, search.limit, toDelivery);
}

export async function findDelivery(db: SqlExecutor, id: string) {
  const { rows } = await db.query<DeliveryRow>(
    `select ${SUMMARY}, html, text from deliveries where id = $1`,
    [id],
  );
  const row = rows[0];
  return row && { ...toDelivery(row), text: row.text, html: row.html };
}

/** Mails still to send and mails given up on, for the metrics. */
export async function backlog(db: SqlExecutor): Promise<{ pending: number; failed: number }> {
  const { rows } = await db.query<{ pending: number; failed: number }>(
    `select count(*) filter (where status in ('pending', 'sending'))::int as pending,
            count(*) filter (where status = 'failed')::int as failed
     from deliveries`,
  );
  return rows[0] ?? { pending: 0, failed: 0 };
}
