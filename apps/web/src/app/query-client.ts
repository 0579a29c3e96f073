import { ApiError } from '@emporium/api-client';
import { QueryClient } from '@tanstack/react-query';

// Client errors (4xx) will not change by asking again; only network failures and 5xx are retried.
export const retryTransient = (failures: number, error: unknown) =>
  failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500);

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: retryTransient,
      },
      mutations: { retry: false },
    },
  });
}
