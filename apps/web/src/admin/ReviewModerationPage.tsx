// Review moderation: every review newest first (all, published or hidden), hide one with the
// reason the shop gives, or show it again.
import type { ReviewDetail, ReviewStatus } from '@emporium/api-client';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../app/api-context';
import { useTitle } from '../app/use-title';
import { Stars } from '../components/Stars';
import { Empty, ErrorState, FormError, Loading } from '../components/states';
import { formatDate } from '../orders/OrderView';

function Moderate({ review }: { review: ReviewDetail }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const done = () => queryClient.invalidateQueries({ queryKey: ['admin', 'reviews'] });
  const hide = useMutation({
    mutationFn: () => api.admin.reviews.hide(review.id, reason.trim()),
    onSuccess: done,
  });
  const unhide = useMutation({ mutationFn: () => api.admin.reviews.unhide(review.id), onSuccess: done });
  if (review.status === 'hidden') {
    return (
      <div className="moderation">
        <p>
          Hidden: <em>{review.hiddenReason}</em>
        </p>
        <button
          type="button"
          className="button button-small"
          onClick={() => unhide.mutate()}
          disabled={unhide.isPending}
        >
          Show again
        </button>
        <FormError error={unhide.error} />
      </div>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length >= 3) hide.mutate();
  };
  return (
    <form className="moderation" onSubmit={submit}>
      <label htmlFor={`reason-${review.id}`} className="visually-hidden">
        Reason for hiding the review “{review.title}”
      </label>
      <input
        id={`reason-${review.id}`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder="Reason (shown to the author)"
        minLength={3}
        maxLength={500}
      />
      <button
        type="submit"
        className="button button-small"
        disabled={hide.isPending || reason.trim().length < 3}
      >
        Hide
      </button>
      <FormError error={hide.error} />
    </form>
  );
}

export function ReviewModerationPage() {
  useTitle('Reviews · Admin');
  const api = useApi();
  const [status, setStatus] = useState<ReviewStatus | ''>('');
  const reviews = useInfiniteQuery({
    queryKey: ['admin', 'reviews', status],
    queryFn: ({ pageParam, signal }) =>
      api.admin.reviews.list(
        { ...(status ? { status } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = reviews.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="reviews-title">
      <h1 id="reviews-title">Reviews</h1>
      <div className="filters-row">
        <label htmlFor="review-status">Show</label>
        <select
          id="review-status"
          value={status}
          onChange={(e) => setStatus(e.target.value as ReviewStatus | '')}
        >
          <option value="">All reviews</option>
          <option value="published">Published</option>
          <option value="hidden">Hidden</option>
        </select>
      </div>
      {reviews.isLoading ? (
        <Loading />
      ) : reviews.error ? (
        <ErrorState error={reviews.error} onRetry={() => reviews.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="No reviews here" />
      ) : (
        <ul className="moderation-list">
          {items.map((review) => (
            <li key={review.id} className={`moderation-item moderation-${review.status}`}>
              <div>
                <Stars average={review.rating} /> <strong>{review.title}</strong>
                <p className="review-body">{review.body}</p>
                <p className="review-meta">
                  {review.displayName} on <Link to={`/p/${review.productSlug}`}>{review.productTitle}</Link> ·{' '}
                  {formatDate(review.createdAt)}
                  {review.edited ? ' · edited' : ''}
                </p>
              </div>
              <Moderate review={review} />
            </li>
          ))}
        </ul>
      )}
      {reviews.hasNextPage ? (
        <button
          type="button"
          className="button"
          onClick={() => reviews.fetchNextPage()}
          disabled={reviews.isFetchingNextPage}
        >
          More
        </button>
      ) : null}
    </section>
  );
}
