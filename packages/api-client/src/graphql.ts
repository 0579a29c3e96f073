// GraphQL reads for pages that need data from several services in one round trip. The queries
// the apps use live here with their result types, so web and mobile ask the same questions.

import type { Transport } from './http.js';
import { ApiError, networkProblem, problemFromResponse } from './problem.js';
import type { Money } from './types.js';

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; status?: number } }[];
}

export function graphqlEndpoint({ authorizedFetch, baseUrl }: Transport) {
  return async function graphql<T>(
    query: string,
    variables: Record<string, unknown> = {},
    signal?: AbortSignal,
  ) {
    let response: Response;
    try {
      response = await authorizedFetch(
        new Request(`${baseUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query, variables }),
          signal,
        }),
      );
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      throw networkProblem(error);
    }
    const answer = (await response.json().catch(() => ({}))) as GraphQLAnswer<T>;
    if (answer.data) return answer.data;
    const first = answer.errors?.[0];
    if (!first) throw problemFromResponse(response, answer);
    throw new ApiError({
      type: `https://emporium.dev/problems/graphql-${(first.extensions?.code ?? 'error').toLowerCase()}`,
      title: 'The query failed',
      status: first.extensions?.status ?? response.status,
      detail: first.message,
    });
  };
}

export interface ShelfProduct {
  slug: string;
  title: string;
  brand: string | null;
  image: string | null;
  /** In the currency asked for; null: not sold in it. */
  price: Money | null;
  inStock: boolean;
  rating: { average: number; count: number } | null;
}

export interface HomeData {
  categories: {
    slug: string;
    name: string;
    children: { slug: string; name: string }[];
    products: ShelfProduct[];
  }[];
}

/**
 * Home: every top category with a few of its products — one request instead of one per shelf.
 * The page size is written in, not a variable: the gateway prices a variable `first` at the
 * largest page when it checks the query's cost.
 */
export const homeQuery = /* GraphQL */ `
  query Home($currency: String) {
    categories {
      slug
      name
      children { slug name }
      products(first: 4, currency: $currency) { slug title brand image price { amount currency } inStock rating { average count } }
    }
  }
`;

export interface AccountOverviewData {
  viewer: { id: string; email: string | null; name: string | null; roles: string[] } | null;
  orders: { id: string; orderNumber: string; status: string; createdAt: string; total: Money }[];
  notifications: {
    id: string;
    title: string;
    body: string;
    link: string | null;
    readAt: string | null;
    createdAt: string;
  }[];
}

/** Account overview: profile (user service), recent orders (order) and news (notification). */
export const accountOverviewQuery = /* GraphQL */ `
  query AccountOverview {
    viewer { id email name roles }
    orders(first: 5) { id orderNumber status createdAt total { amount currency } }
    notifications(first: 5) { id title body link readAt createdAt }
  }
`;
