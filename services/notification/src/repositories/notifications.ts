// The in-app feed: one row per (event, user, kind), newest first by seq.
import type { FeedNotification, NotificationKind } from '@emporium/contracts/notification';
import { type SqlExecutor, sql } from '@emporium/platform';
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

const COLUMNS = sql.raw('seq, id, user_id, kind, title, body, link, created_at, read_at');

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
    sql`insert into notifications (id, user_id, kind, title, body, link, event_id)
     values (${entry.id}, ${entry.userId}, ${entry.kind}, ${entry.title}, ${entry.body}, ${entry.link},
       ${entry.eventId})
     on conflict (event_id, user_id, kind) do nothing
     returning ${COLUMNS}`,
  );
  return rows[0] && toNotification(rows[0]);
}

export async function feedPage(
  db: SqlExecutor,
  userId: string,
  options: { cursor?: string; limit: number; unreadOnly: boolean },
) {
  const before = options.cursor === undefined ? sql.empty : sql`and seq < ${options.cursor}::bigint`;
  const unread = options.unreadOnly ? sql`and read_at is null` : sql.empty;
  const { rows } = await db.query<FeedRow>(
    sql`select ${COLUMNS} from notifications
     where user_id = ${userId} ${before} ${unread}
     order by seq desc limit ${options.limit + 1}`,
  );
  return pageOf(rows, options.limit, toNotification);
}

/** For a reconnecting stream (Last-Event-ID): what the user got after that notification, oldest first. */
export async function feedSince(db: SqlExecutor, userId: string, afterId: string, limit = 100) {
  const { rows } = await db.query<FeedRow>(
    sql`select ${COLUMNS} from notifications
     where user_id = ${userId}
       and seq > (select seq from notifications where id = ${afterId} and user_id = ${userId})
     order by seq asc limit ${limit}`,
  );
  return rows.map(toNotification);
}

export async function findFeedNotification(
  db: SqlExecutor,
  id: string,
): Promise<{ userId: string; notification: FeedNotification } | undefined> {
  const { rows } = await db.query<FeedRow>(sql`select ${COLUMNS} from notifications where id = ${id}`);
  const row = rows[0];
  return row && { userId: row.user_id, notification: toNotification(row) };
}

export async function unreadCount(db: SqlExecutor, userId: string): Promise<number> {
  const { rows } = await db.query<{ unread: number }>(
    sql`select count(*)::int as unread from notifications where user_id = ${userId} and read_at is null`,
  );
  return rows[0]?.unread ?? 0;
}

/** Marks one of the user's notifications read (keeps the first read time); undefined if not theirs. */
export async function markRead(
  db: SqlExecutor,
  userId: string,
  id: string,
): Promise<FeedNotification | undefined> {
  const { rows } = await db.query<FeedRow>(sql`update notifications set read_at = coalesce(read_at, now())
     where id = ${id} and user_id = ${userId} returning ${COLUMNS}`);
  return rows[0] && toNotification(rows[0]);
}

export async function markAllRead(db: SqlExecutor, userId: string): Promise<number> {
  const { rowCount } = await db.query(
    sql`update notifications set read_at = now() where user_id = ${userId} and read_at is null`,
  );
  return rowCount;
}
