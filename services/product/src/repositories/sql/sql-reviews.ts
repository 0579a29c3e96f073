// Reviews on SQL. The unique (product_id, user_id) key makes "one review per shopper" hold under
// concurrent submissions; the reviews_keep_ratings trigger (migration 0007) moves the rating
// aggregate in the same statement as the review, so the two never disagree.
import {
  type EventEnvelope,
  type SqlDatabase,
  type SqlExecutor,
  type SqlStatement,
  sql,
} from '@emporium/platform';
import type {
  ModerationOutcome,
  RatingRecord,
  ReviewPosition,
  ReviewRecord,
  ReviewStore,
} from '../review-store.js';
import { insertEvents } from './sql-events.js';

interface ReviewRow {
  id: string;
  product_id: string;
  user_id: string;
  display_name: string;
  rating: number;
  title: string;
  body: string;
  status: 'published' | 'hidden';
  hidden_reason: string | null;
  hidden_by: string | null;
  edited: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

interface RatingRow {
  product_id: string;
  review_count: number;
  rating_sum: number;
  stars_1: number;
  stars_2: number;
  stars_3: number;
  stars_4: number;
  stars_5: number;
  updated_at: Date | string;
}

const iso = (value: Date | string) => new Date(value).toISOString();

const toReview = (row: ReviewRow): ReviewRecord => ({
  id: row.id,
  productId: row.product_id,
  userId: row.user_id,
  displayName: row.display_name,
  rating: Number(row.rating),
  title: row.title,
  body: row.body,
  status: row.status,
  ...(row.hidden_reason !== null ? { hiddenReason: row.hidden_reason } : {}),
  ...(row.hidden_by !== null ? { hiddenBy: row.hidden_by } : {}),
  edited: row.edited,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});

const toRating = (row: RatingRow): RatingRecord => ({
  productId: row.product_id,
  count: Number(row.review_count),
  sum: Number(row.rating_sum),
  stars: [row.stars_1, row.stars_2, row.stars_3, row.stars_4, row.stars_5].map(Number),
  updatedAt: iso(row.updated_at),
});

const COLUMNS = sql.raw(`id::text, product_id, user_id, display_name, rating, title, body, status,
  hidden_reason, hidden_by, edited, created_at, updated_at`);
const RATING_COLUMNS = sql.raw(
  'product_id, review_count, rating_sum, stars_1, stars_2, stars_3, stars_4, stars_5, updated_at',
);

async function findReview(db: SqlExecutor, id: string): Promise<ReviewRecord | undefined> {
  const { rows } = await db.query<ReviewRow>(sql`select ${COLUMNS} from reviews where id = ${id}`);
  return rows[0] && toReview(rows[0]);
}

// Newest first; `after` is exclusive. Ids are compared as text so the order is total.
const afterClause = (after: ReviewPosition | undefined) =>
  after ? sql`and (created_at, id::text) < (${after.createdAt}::timestamptz, ${after.id}::text)` : sql.empty;

async function purchased(db: SqlExecutor, userId: string, productId: string): Promise<boolean> {
  const { rows } = await db.query(
    sql`select 1 from review_purchases
        where user_id = ${userId} and product_id = ${productId} and not cancelled limit 1`,
  );
  return rows.length > 0;
}

async function findByAuthor(db: SqlExecutor, productId: string, userId: string) {
  const { rows } = await db.query<ReviewRow>(
    sql`select ${COLUMNS} from reviews where product_id = ${productId} and user_id = ${userId}`,
  );
  return rows[0] && toReview(rows[0]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createSqlReviewStore(db: SqlDatabase): ReviewStore {
  async function moderate(
    id: string,
    to: 'published' | 'hidden',
    set: SqlStatement,
    events: (review: ReviewRecord) => EventEnvelope[],
  ): Promise<ModerationOutcome> {
    if (!UUID.test(id)) return { outcome: 'unknown' };
    return db.transaction(async (tx) => {
      // The status guard makes the change happen once, however many admins click at the same time.
      const { rows } = await tx.query<ReviewRow>(
        sql`update reviews set status = ${to}, ${set} where id = ${id} and status <> ${to} returning ${COLUMNS}`,
      );
      if (rows[0]) {
        const review = toReview(rows[0]);
        await insertEvents(tx, events(review));
        return { outcome: 'changed', review };
      }
      const review = await findReview(tx, id);
      return review ? { outcome: 'unchanged', review } : { outcome: 'unknown' };
    });
  }

  return {
    async recordPurchase(orderId, userId, productIds) {
      await db.query(
        sql`insert into review_purchases (order_id, product_id, user_id)
            select ${orderId}, product_id, ${userId} from unnest(${productIds}::text[]) as product_id
            on conflict do nothing`,
      );
    },

    async recordPurchases(purchases) {
      if (purchases.length === 0) return 0;
      const result = await db.query(
        sql`insert into review_purchases (order_id, product_id, user_id)
            select * from unnest(${purchases.map((p) => p.orderId)}::text[],
                                 ${purchases.map((p) => p.productId)}::text[],
                                 ${purchases.map((p) => p.userId)}::text[])
            on conflict do nothing`,
      );
      return result.rowCount;
    },

    async cancelPurchase(orderId, userId, productIds) {
      await db.query(
        sql`insert into review_purchases (order_id, product_id, user_id, cancelled)
            select ${orderId}, product_id, ${userId}, true from unnest(${productIds}::text[]) as product_id
            on conflict (order_id, product_id) do update set cancelled = true`,
      );
    },

    hasPurchased: (userId, productId) => purchased(db, userId, productId),

    submit(review, events) {
      return db.transaction(async (tx) => {
        if (!(await purchased(tx, review.userId, review.productId)))
          return { outcome: 'not-purchased' as const };
        // A concurrent submission of the same shopper waits on the key and then inserts nothing.
        const { rows } = await tx.query<ReviewRow>(
          sql`insert into reviews (id, product_id, user_id, display_name, rating, title, body, created_at, updated_at)
              values (${review.id}, ${review.productId}, ${review.userId}, ${review.displayName}, ${review.rating},
                ${review.title}, ${review.body}, ${review.createdAt}, ${review.createdAt})
              on conflict (product_id, user_id) do nothing
              returning ${COLUMNS}`,
        );
        if (rows[0]) {
          const created = toReview(rows[0]);
          await insertEvents(tx, events(created));
          return { outcome: 'created' as const, review: created };
        }
        const existing = await findByAuthor(tx, review.productId, review.userId);
        return { outcome: 'duplicate' as const, review: existing! };
      });
    },

    find: (id) => (UUID.test(id) ? findReview(db, id) : Promise.resolve(undefined)),

    findByAuthor: (productId, userId) => findByAuthor(db, productId, userId),

    async edit(id, userId, changes, at) {
      if (!UUID.test(id)) return { outcome: 'unknown' };
      const { rows } = await db.query<ReviewRow>(
        sql`update reviews set
              rating = coalesce(${changes.rating ?? null}, rating), title = coalesce(${changes.title ?? null}, title),
              body = coalesce(${changes.body ?? null}, body),
              display_name = coalesce(${changes.displayName ?? null}, display_name), edited = true, updated_at = ${at}
            where id = ${id} and user_id = ${userId} and status = 'published'
            returning ${COLUMNS}`,
      );
      if (rows[0]) return { outcome: 'edited', review: toReview(rows[0]) };
      const existing = await findReview(db, id);
      if (!existing || existing.userId !== userId) return { outcome: 'unknown' };
      return { outcome: 'hidden' };
    },

    hide: (id, { reason, by, at }, events) =>
      moderate(id, 'hidden', sql`hidden_reason = ${reason}, hidden_by = ${by}, updated_at = ${at}`, events),

    unhide: (id, at) =>
      moderate(id, 'published', sql`hidden_reason = null, hidden_by = null, updated_at = ${at}`, () => []),

    async listPublished(productId, { after, limit }) {
      const { rows } = await db.query<ReviewRow>(
        sql`select ${COLUMNS} from reviews
            where product_id = ${productId} and status = 'published' ${afterClause(after)}
            order by created_at desc, id::text desc limit ${limit}`,
      );
      return rows.map(toReview);
    },

    async listForModeration({ status, after, limit }) {
      const { rows } = await db.query<ReviewRow>(
        sql`select ${COLUMNS} from reviews
            where ${status ? sql`status = ${status}` : sql`true`} ${afterClause(after)}
            order by created_at desc, id::text desc limit ${limit}`,
      );
      return rows.map(toReview);
    },

    async rating(productId) {
      const { rows } = await db.query<RatingRow>(
        sql`select ${RATING_COLUMNS} from review_ratings where product_id = ${productId}`,
      );
      return rows[0] && toRating(rows[0]);
    },

    async ratingsChangedSince(since) {
      const changed = since ? sql`where updated_at >= ${since}::timestamptz` : sql.empty;
      const { rows } = await db.query<RatingRow>(
        sql`select ${RATING_COLUMNS} from review_ratings ${changed}`,
      );
      return rows.map(toRating);
    },
  };
}
