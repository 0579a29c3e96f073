// A product's reviews: its average and star distribution, the published reviews (newest first,
// more on request), and — for a signed-in buyer — the form to write theirs or edit it.
import type { ReviewPage } from '@emporium/api-client';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../app/api-context';
import { useAuth } from '../auth/auth-context';
import { Stars } from '../components/Stars';
import { ErrorState, Loading } from '../components/states';
import { ReviewForm } from './ReviewForm';

const dateOf = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });

function Distribution({ page }: { page: ReviewPage }) {
  return (
    <dl className="review-distribution">
      {[5, 4, 3, 2, 1].map((stars) => {
        const count = page.distribution[String(stars)] ?? 0;
        const share = page.rating.count > 0 ? Math.round((count / page.rating.count) * 100) : 0;
        return (
          <div key={stars}>
            <dt>{stars} ★</dt>
            <dd>
              <span className="bar" aria-hidden="true">
                <span className="bar-fill" style={{ width: `${share}%` }} />
              </span>
              <span>{count}</span>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function WriteReview({ slug }: { slug: string }) {
  const api = useApi();
  const { user } = useAuth();
  const [editing, setEditing] = useState(false);
  const eligibility = useQuery({
    queryKey: ['reviews', slug, 'eligibility', user?.id],
    queryFn: ({ signal }) => api.reviews.eligibility(slug, signal),
    enabled: Boolean(user),
  });
  if (!user) {
    return (
      <p className="review-cta">
        <Link to={`/signin?next=/p/${slug}`}>Sign in</Link> to review a product you bought.
      </p>
    );
  }
  if (!eligibility.data) return null;
  const { eligible, reason, review } = eligibility.data;
  if (eligible) {
    return (
      <section aria-labelledby="write-review" className="review-write">
        <h3 id="write-review">Write a review</h3>
        <ReviewForm slug={slug} />
      </section>
    );
  }
  if (reason === 'already-reviewed' && review) {
    if (review.status === 'hidden') {
      return <p className="notice">Your review was hidden by the shop: {review.hiddenReason}</p>;
    }
    return editing ? (
      <section aria-labelledby="edit-review" className="review-write">
        <h3 id="edit-review">Edit your review</h3>
        <ReviewForm slug={slug} own={review} onDone={() => setEditing(false)} />
      </section>
    ) : (
      <p className="review-cta">
        You reviewed this product.{' '}
        <button type="button" className="button-link" onClick={() => setEditing(true)}>
          Edit your review
        </button>
      </p>
    );
  }
  return <p className="review-cta">Only shoppers who bought this product can review it.</p>;
}

export function ProductReviews({ slug }: { slug: string }) {
  const api = useApi();
  const reviews = useInfiniteQuery({
    queryKey: ['reviews', slug, 'list'],
    queryFn: ({ pageParam, signal }) =>
      api.reviews.list(slug, pageParam ? { cursor: pageParam } : {}, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (reviews.isLoading) return <Loading label="Loading reviews…" />;
  if (reviews.error || !reviews.data)
    return <ErrorState error={reviews.error} onRetry={() => reviews.refetch()} />;
  const first = reviews.data.pages[0]!;
  const items = reviews.data.pages.flatMap((page) => page.items);
  return (
    <section aria-labelledby="reviews" className="reviews">
      <h2 id="reviews">Reviews</h2>
      {first.rating.count > 0 ? (
        <div className="review-summary">
          <Stars average={first.rating.average} count={first.rating.count} size="large" />
          <Distribution page={first} />
        </div>
      ) : (
        <p>No reviews yet.</p>
      )}
      <WriteReview slug={slug} />
      <ol className="review-list">
        {items.map((review) => (
          <li key={review.id} className="review">
            <Stars average={review.rating} />
            <h3>{review.title}</h3>
            <p className="review-meta">
              {review.displayName}
              {review.verifiedPurchase ? <span className="badge">Verified purchase</span> : null}
              <span>
                {dateOf(review.createdAt)}
                {review.edited ? ' (edited)' : ''}
              </span>
            </p>
            <p className="review-body">{review.body}</p>
          </li>
        ))}
      </ol>
      {reviews.hasNextPage ? (
        <button
          type="button"
          className="button"
          onClick={() => reviews.fetchNextPage()}
          disabled={reviews.isFetchingNextPage}
        >
          {reviews.isFetchingNextPage ? 'Loading…' : 'More reviews'}
        </button>
      ) : null}
    </section>
  );
}
