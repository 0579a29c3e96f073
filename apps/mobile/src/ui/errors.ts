// The sentence to show for a failed call: the service's own words when it sent a problem+json.
import { ApiError } from '@emporium/api-client';

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Please try again.';
}
