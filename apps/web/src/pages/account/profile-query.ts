// The user service creates a profile from user.registered, moments after sign-up, and answers
// 404 `profile-not-found` until then. The account page lands right after sign-up, so reads of the
// profile ask again for a few seconds instead of showing the shopper an error.
import { ApiError } from '@emporium/api-client';
import { retryTransient } from '../../app/query-client';

const PROFILE_WAIT_TRIES = 6;

export const profileQueryRetry = {
  retry: (failures: number, error: unknown) =>
    error instanceof ApiError && error.slug === 'profile-not-found'
      ? failures < PROFILE_WAIT_TRIES
      : retryTransient(failures, error),
  // 0.25, 0.5, 1, 2, 2, 2 s: about 8 s in all, far longer than an event's trip.
  retryDelay: (attempt: number) => Math.min(250 * 2 ** attempt, 2000),
};
