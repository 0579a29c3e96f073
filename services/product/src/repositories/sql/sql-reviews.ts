// Reviews on SQL. The unique (product_id, user_id) key makes "one review per shopper" hold under
// concurrent submissions; the reviews_keep_ratings trigger (migration 0007) moves the rating
// aggregate in the same statement as the review, so the two never disagree.
import type { EventEnvelope, SqlDatabase, SqlExecutor } from '@emporium/platform';
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

const COLUMNS = `id::text, product_id, user_id, display_name, rating, title, body, status,
  hidden_reason, hidden_by, edited, created_at, updated_at`;

async function findReview(db: SqlExecutor, id: string): Promise<ReviewRecord | undefined> {
  const { rows } = await db.query<ReviewRow>(`select ${COLUMNS} from reviews where id = $1`, [id]);
  return rows[0] && toReview(rows[0]);
}

// Newest first; `after` is exclusive. Ids are compared as text so the order is total.
const afterClause = (after: ReviewPosition | undefined, first: number) =>
  after ? `and (created_at, id::text) < ($${first}::timestamptz, $${first + 1}::text)` : '';
const afterParams = (after: ReviewPosition | undefined) => (after ? [after.createdAt, after.id] : []);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createSqlReviewStore(db: SqlDatabase): ReviewStore {
  async function moderate(
    id: string,
    to: 'published' | 'hidden',
    set: string,
    params: unknown[],
    events: (review: ReviewRecord) => EventEnvelope[],
  ): Promise<ModerationOutcome> {
    if (!UUID.test(id)) return { outcome: 'unknown' };
    return db.transaction(async (tx) => {
      // The status guard makes the change happen once, however many admins click at the same time.
      const { rows } = await tx.query<ReviewRow>(
        `update reviews set status = $2, ${set} where id = $1 and status <> $2 returning ${COLUMNS}`,
        [id, to, ...params],
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
        `insert into review_purchases (order_id, product_id, user_id)
         select $1, product_id, $2 from unnest($3::text[]) as product_id
         on conflict do nothing`,
        [orderId, userId, productIds],
      );
    },

    async cancelPurchase(orderId, userId, productIds) {
      await db.query(
        `insert into review_purchases (order_id, product_id, user_id, cancelled)
         select $1, product_id, $2, true from unnest($3::text[]) as product_id
         on conflict (order_id, product_id) do update set cancelled = true`,
        [orderId, userId, productIds],
      );
    },

    async hasPurchased(userId, productId) {
      const { rows } = await db.query(
        'select 1 from review_purchases where user_id = $1 and product_id = $2 and not cancelled limit 1',
        [userId, productId],
      );
      return rows.length > 0;
    },

    submit(review, events) {
      return db.transaction(async (tx) => {
        const bought = await tx.query(
          'select 1 from review_purchases where user_id = $1 and product_id = $2 and not cancelled limit 1',
          [review.userId, review.productId],
        );
        if (bought.rows.length === 0) return { outcome: 'not-purchased' as const };
        // A concurrent submission of the same shopper waits on the key and then inserts nothing.
        const { rows } = await tx.query<ReviewRow>(
          `insert into reviews (id, product_id, user_id, display_name, rating, title, body, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $8)
           on conflict (product_id, user_id) do nothing
           returning ${COLUMNS}`,
          [
            review.id,
            review.productId,
            review.userId,
            review.displayName,
            review.rating,
            review.title,
            review.body,
            review.createdAt,
          ],
        );
        if (rows[0]) {
          const created = toReview(rows[0]);
          await insertEvents(tx, events(created));
          return { outcome: 'created' as const, review: created };
        }
        const existing = await tx.query<ReviewRow>(
          `select ${COLUMNS} from reviews where product_id = $1 and user_id = $2`,
          [review.productId, review.userId],
        );
        return { outcome: 'duplicate' as const, review: toReview(existing.rows[0]!) };
      });
    },

    find: (id) => (UUID.test(id) ? findReview(db, id) : Promise.resolve(undefined)),

    async findByAuthor(productId, userId) {
      const { rows } = await db.query<ReviewRow>(
        `select ${COLUMNS} from reviews where product_id = $1 and user_id = $2`,
        [productId, userId],
      );
      return rows[0] && toReview(rows[0]);
    },

    async edit(id, userId, changes, at) {
      if (!UUID.test(id)) return { outcome: 'unknown' };
      const { rows } = await db.query<ReviewRow>(
        `update reviews set
           rating = coalesce($3, rating), title = coalesce($4, title), body = coalesce($5, body),
           display_name = coalesce($6, display_name), edited = true, updated_at = $7
         where id = $1 and user_id = $2 and status = 'published'
         returning ${COLUMNS}`,
        [
          id,
          userId,
          changes.rating ?? null,
          changes.title ?? null,
          changes.body ?? null,
          changes.displayName ?? null,
          at,
        ],
      );
      if (rows[0]) return { outcome: 'edited', review: toReview(rows[0]) };
      const existing = await findReview(db, id);
      if (!existing || existing.userId !== userId) return { outcome: 'unknown' };
      return { outcome: 'hidden' };
    },

    hide: (id, { reason, by, at }, events) =>
      moderate(id, 'hidden', 'hidden_reason = $3, hidden_by = $4, updated_at = $5', [reason, by, at], events),

    unhide: (id, at) =>
      moderate(id, 'published', 'hidden_reason = null, hidden_by = null, updated_at = $3', [at], () => []),

    async listPublished(productId, { after, limit }) {
      const { rows } = await db.query<ReviewRow>(
        `select ${COLUMNS} from reviews
         where product_id = $1 and status = 'published' ${afterClause(after, 3)}
         order by created_at desc, id::text desc limit $2`,
        [productId, limit, ...afterParams(after)],
      );
      return rows.map(toReview);
    },

    async listForModeration({ status, after, limit }) {
      const { rows } = await db.query<ReviewRow>(
        `select ${COLUMNS} from reviews
         where ($2::text is null or status = $2) ${afterClause(after, 3)}
         order by created_at desc, id::text desc limit $1`,
        [limit, status ?? null, ...afterParams(after)],
      );
      return rows.map(toReview);
    },

    async rating(productId) {
      const { rows } = await db.query<RatingRow>('select * from review_ratings where product_id = $1', [
        productId,
      ]);
      return rows[0] && toRating(rows[0]);
    },

    async ratingsChangedSince(since) {
      const { rows } = await db.query<RatingRow>(
        since
          ? 'select * from review_ratings where updated_at >= $1::timestamptz'
          : 'select * from review_ratings',
        since ? [since] : [],
      );
      return rows.map(toRating);
    },
  };
}
