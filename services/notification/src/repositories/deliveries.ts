// The delivery queue and its log. A row is rendered once, when its event is handled; the worker
// claims due rows, sends them and records the outcome.
import type { Delivery, DeliveryStatus, NotificationKind } from '@emporium/contracts/notification';
import { type SqlExecutor, sql } from '@emporium/platform';
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

const SUMMARY =
  sql.raw(`seq, id, event_id, event_type, kind, recipient, subject, status, attempts, last_error,
  created_at, next_attempt_at, sent_at`);

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
  const status = delivery.suppressedBecause ? 'suppressed' : 'pending';
  const { rowCount } = await tx.query(
    sql`insert into deliveries (id, event_id, event_type, kind, recipient, user_id, subject, html, text,
       status, next_attempt_at, last_error)
     values (${delivery.id}, ${delivery.eventId}, ${delivery.eventType}, ${delivery.kind},
       ${delivery.recipient}, ${delivery.userId}, ${delivery.subject}, ${delivery.html}, ${delivery.text}, ${status},
       ${status === 'pending' ? sql`now()` : sql`null`}, ${delivery.suppressedBecause ?? null})
     on conflict (event_id, kind, recipient) do nothing`,
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
  const { rows } =
    await db.query<DeliveryRow>(sql`update deliveries set status = 'sending', attempts = attempts + 1,
       claimed_until = now() + make_interval(secs => ${claimSeconds})
     where id in (
       select id from deliveries
       where (status = 'pending' and next_attempt_at <= now())
          or (status = 'sending' and claimed_until < now())
       order by next_attempt_at nulls first, seq
       limit ${limit} for update skip locked)
     returning id, kind, event_id, recipient, subject, html, text, attempts`);
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
    sql`update deliveries set status = 'sent', sent_at = now(), message_id = ${messageId},
       claimed_until = null, next_attempt_at = null
     where id = ${id}`,
  );
}

export async function scheduleRetry(
  db: SqlExecutor,
  id: string,
  delayMs: number,
  reason: string,
): Promise<void> {
  await db.query(sql`update deliveries set status = 'pending', claimed_until = null, last_error = ${reason},
       next_attempt_at = now() + make_interval(secs => ${delayMs / 1000})
     where id = ${id}`);
}

export async function markFailed(db: SqlExecutor, id: string, reason: string): Promise<void> {
  await db.query(
    sql`update deliveries set status = 'failed', claimed_until = null, next_attempt_at = null,
       last_error = ${reason}
     where id = ${id}`,
  );
}

/** An admin's second chance for a failed mail (e.g. after fixing SMTP credentials). */
export async function requeueFailed(db: SqlExecutor, id: string): Promise<boolean> {
  const { rowCount } =
    await db.query(sql`update deliveries set status = 'pending', next_attempt_at = now(), attempts = 0
     where id = ${id} and status = 'failed'`);
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
  const conditions = [
    search.status === undefined ? undefined : sql`status = ${search.status}`,
    search.recipient === undefined
      ? undefined
      : sql`lower(recipient) like ${likePrefix(search.recipient)} escape '\\'`,
    search.kind === undefined ? undefined : sql`kind = ${search.kind}`,
    search.cursor === undefined ? undefined : sql`seq < ${search.cursor}::bigint`,
  ].filter((condition) => condition !== undefined);
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, ' and ')}` : sql.empty;
  const { rows } = await db.query<DeliveryRow>(
    sql`select ${SUMMARY} from deliveries ${where} order by seq desc limit ${search.limit + 1}`,
  );
  return pageOf(rows, search.limit, toDelivery);
}

export async function findDelivery(db: SqlExecutor, id: string) {
  const { rows } = await db.query<DeliveryRow>(
    sql`select ${SUMMARY}, html, text from deliveries where id = ${id}`,
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

/** Deletes log rows in a final state created more than `days` ago; mail still to send is kept. */
export async function pruneFinishedDeliveries(db: SqlExecutor, days: number): Promise<number> {
  const { rowCount } = await db.query(
    sql`delete from deliveries
     where status in ('sent', 'failed', 'suppressed') and created_at < now() - make_interval(days => ${days})`,
  );
  return rowCount;
}
