// The shopper's review form: stars, a title and the text, for a new review or an edit of their
// own. The service's field errors appear beside the fields they name.
import { ApiError, type ReviewDetail } from '@emporium/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { Field } from '../components/Field';
import { FormError } from '../components/states';

const RATING_WORDS = ['', 'Poor', 'Fair', 'Good', 'Very good', 'Excellent'];

export function ReviewForm({ slug, own, onDone }: { slug: string; own?: ReviewDetail; onDone?: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [rating, setRating] = useState(own?.rating ?? 0);
  const [title, setTitle] = useState(own?.title ?? '');
  const [body, setBody] = useState(own?.body ?? '');
  const [displayName, setDisplayName] = useState(own?.displayName ?? '');
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => {
      const fields = {
        rating,
        title: title.trim(),
        body: body.trim(),
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      };
      return own ? api.reviews.edit(own.id, fields) : api.reviews.submit(slug, fields);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['reviews', slug] });
      await queryClient.invalidateQueries({ queryKey: ['catalog', 'product', slug] });
      onDone?.();
    },
  });
  const served = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const errors = { ...served, ...local };

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (rating < 1) found.rating = 'Choose from one to five stars.';
    if (!title.trim()) found.title = 'Give your review a title.';
    if (body.trim().length < 10) found.body = 'Write at least 10 characters.';
    setLocal(found);
    if (Object.keys(found).length === 0) save.mutate();
  }

  return (
    <form className="review-form" onSubmit={submit} noValidate>
      <fieldset className={`field star-picker${errors.rating ? ' field-invalid' : ''}`}>
        <legend>Your rating</legend>
        <div className="star-picker-options">
          {[1, 2, 3, 4, 5].map((stars) => (
            <label key={stars} className={stars <= rating ? 'star-on' : 'star-off'}>
              <input
                type="radio"
                name="rating"
                value={stars}
                checked={rating === stars}
                onChange={() => setRating(stars)}
                className="visually-hidden"
              />
              <span aria-hidden="true">★</span>
              <span className="visually-hidden">
                {stars} {stars === 1 ? 'star' : 'stars'}, {RATING_WORDS[stars]}
              </span>
            </label>
          ))}
          <span className="star-picker-words" aria-hidden="true">
            {RATING_WORDS[rating]}
          </span>
        </div>
        {errors.rating ? <p className="field-error">{errors.rating}</p> : null}
      </fieldset>
      <Field
        label="Title"
        name="title"
        value={title}
        maxLength={120}
        onChange={(e) => setTitle(e.target.value)}
        error={errors.title}
      />
      <div className={`field${errors.body ? ' field-invalid' : ''}`}>
        <label htmlFor="review-body">Your review</label>
        <textarea
          id="review-body"
          name="body"
          rows={5}
          maxLength={5000}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={errors.body ? 'review-body-error' : undefined}
        />
        {errors.body ? (
          <p className="field-error" id="review-body-error">
            {errors.body}
          </p>
        ) : null}
      </div>
      <Field
        label="Name shown (optional)"
        name="displayName"
        value={displayName}
        maxLength={60}
        placeholder="Verified buyer"
        onChange={(e) => setDisplayName(e.target.value)}
        error={errors.displayName}
      />
      <FormError error={save.error && Object.keys(served).length === 0 ? save.error : undefined} />
      <button type="submit" className="button button-primary" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : own ? 'Save changes' : 'Publish review'}
      </button>
    </form>
  );
}
