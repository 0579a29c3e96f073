// How often one shopper may write reviews (submissions and edits together): a fixed window per
// user counted in the shared cache, so every replica sees the same count and parallel requests
// each take their own increment. A cache outage lets writes through rather than refusing buyers.
import { type Cache, problems } from '@emporium/platform';

export interface ReviewRateLimit {
  /** Throws a 429 problem when the user has used up the current window. */
  take(userId: string): Promise<void>;
}

export function createReviewRateLimit(
  cache: Cache,
  { limit, windowSeconds }: { limit: number; windowSeconds: number },
  onError: (error: unknown) => void,
): ReviewRateLimit {
  return {
    async take(userId) {
      const window = Math.floor(Date.now() / 1000 / windowSeconds);
      let used: number;
      try {
        used = await cache.increment(`review-writes:${userId}:${window}`, windowSeconds);
      } catch (error) {
        onError(error);
        return;
      }
      if (used > limit) {
        const retryAfter = windowSeconds - (Math.floor(Date.now() / 1000) % windowSeconds);
        throw problems.tooManyRequests(
          retryAfter,
          `You may write at most ${limit} reviews or edits per ${windowSeconds / 60} minutes.`,
        );
      }
    },
  };
}
