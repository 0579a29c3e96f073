// The in-app feed: one row per (event, user, kind), newest first by seq.
import type { FeedNotification, NotificationKind } from '@emporium/contracts/notification';
import type { SqlExecutor } from '@emporium/platform';
import { iso, isoOrNull, pageOf } from './rows.js';

interface FeedRow {
  seq: number;
  id: string;
  user_id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = 'seq, id, user_id, kind, title, body, link, created_at, read_at';

const toNotification = (row: FeedRow): FeedNotification => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  link: row.link,
  createdAt: iso(row.created_at),
  readAt: isoOrNull(row.read_at),
});

export interface NewFeedNotification {
  id: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  eventId: string;
}

/** Returns the stored notification, or undefined if this event already gave the user one. */
export async function addToFeed(
  tx: SqlExecutor,
  entry: NewFeedNotification,
): Promise<FeedNotification | undefined> {
  const { rows } = await tx.query<FeedRow>(
    `insert into notifications (id, user_id, kind, title, body, link, event_id)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (event_id, user_id, kind) do nothing
     returning ${COLUMNS}`,
    [entry.id, entry.userId, entry.kind, entry.title, entry.body, entry.link, entry.eventId],
  );
  return rows[0] && toNotification(rows[0]);
}

export async function feedPage(
  db: SqlExecutor,
  userId: string,
  options: { cursor?: string; limit: number; unreadOnly: boolean },
) {
  const { rows } = await db.query<FeedRow>(
    `select ${COLUMNS} from notifications
     where user_id = $1 and ($2::bigint is null or seq < $2) and (not $3 or read_at is null)
     order by seq desc limit $4`,
    [userId, options.cursor ?? null, options.unreadOnly, options.limit + 1],
  );
  return pageOf(rows, options.limit, toNotification);
}

/** For a reconnecting stream (Last-Event-ID): what the user got after that notification, oldest first. */
export async function feedSince(db: SqlExecutor, userId: string, afterId: string, limit = 100) {
  const { rows } = await db.query<FeedRow>(
    `select ${COLUMNS} from notifications
     where user_id = $1 and seq > (select seq from notifications where id = $2 and user_id = $1)
     order by seq asc limit $3`,
    [userId, afterId, limit],
  );
  return rows.map(toNotification);
}

export async function findFeedNotification(
  db: SqlExecutor,
  id: string,
): Promise<{ userId: string; notification: FeedNotification } | undefined> {
  const { rows } = await db.query<FeedRow>(`select ${COLUMNS} from notifications where id = $1`, [id]);
  const row = rows[0];
  return row && { userId: row.user_id, notification: toNotification(row) };
}

export async function unreadCount(db: SqlExecutor, userId: string): Promise<number> {
  const { rows } = await db.query<{ unread: number }>(
    'select count(*)::int as unread from notifications where user_id = $1 and read_at is null',
    [userId],
  );
  return rows[0]?.unread ?? 0;
}

/** Marks one of the user's notifications read (keeps the first read time); undefined if not theirs. */
export async function markRead(
  db: SqlExecutor,
  userId: string,
  id: string,
): Promise<FeedNotification | undefined> {
  const { rows } = await db.query<FeedRow>(
    `update notifications set read_at = coalesce(read_at, now())
     where id = $1 and user_id = $2 returning ${COLUMNS}`,
    [id, userId],
  );
  return rows[0] && toNotification(rows[0]);
}

export async function markAllRead(db: SqlExecutor, userId: string): Promise<number> {
  const { rowCount } = await db.query(
    'update notifications set read_at = now() where user_id = $1 and read_at is null',
    [userId],
  );
  return rowCount;
}
