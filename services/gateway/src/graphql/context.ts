// Per-request GraphQL context: who asks, how to call the services on their behalf, and DataLoaders
// that batch and de-duplicate those calls for the lifetime of one query (no N+1 upstream calls).
import type { Order } from '@emporium/contracts/order';
import type { CategoryNode, InternalVariant, Product } from '@emporium/contracts/product';
import type { Profile } from '@emporium/contracts/user';
import { internalTokenHeaders, type Principal } from '@emporium/platform';
import DataLoader from 'dataloader';
import type { FastifyRequest } from 'fastify';
import { bearerToken } from '../access/identity.js';
import {
  type CallContext,
  callJson,
  getJson,
  type UpstreamCall,
  type UpstreamRequest,
} from '../upstreams/upstream-client.js';
import type { Upstreams } from '../upstreams/upstreams.js';

/** The product service's batch lookup takes at most this many SKUs per call. */
const MAX_SKUS_PER_CALL = 100;

export interface GraphQLContext {
  principal?: Principal;
  /** Why a presented token was refused, so viewer-only fields can say it. */
  authProblem?: string;
  get<T>(upstream: keyof Upstreams, path: string): Promise<T>;
  /** A write on the caller's behalf (mutations); never retried. */
  send<T>(upstream: keyof Upstreams, request: UpstreamRequest): Promise<T>;
  /** Counts one order placement against the checkout quota shared with REST; throws past it. */
  countOrderPlacement(): Promise<void>;
  loaders: {
    variantBySku: DataLoader<string, InternalVariant | null>;
    productBySlug: DataLoader<string, Product | null>;
    orderById: DataLoader<string, Order>;
    categoryTree: DataLoader<'all', CategoryNode[]>;
    profile: DataLoader<'me', Profile>;
  };
}

declare module 'mercurius' {
  interface MercuriusContext extends GraphQLContext {}
}

/** Runs one upstream read per key, keeping per-key failures apart (404 → null). */
function eachKey<V>(read: (key: string) => Promise<V>) {
  return (keys: readonly string[]) =>
    Promise.all(
      keys.map((key) =>
        read(key).catch((error: { status?: number }) => (error.status === 404 ? null : (error as Error))),
      ),
    );
}

export interface ContextDeps {
  upstreams: Upstreams;
  countOrderPlacement(request: FastifyRequest): Promise<void>;
  hooks?: UpstreamCall;
  /** Sent on the product service's /internal/variants (INTERNAL_TOKEN); unset, none is sent. */
  internalToken?: string;
}

export function buildContext(request: FastifyRequest, deps: ContextDeps) {
  // The route's identity hook already verified any token; a token without a principal was refused.
  const token = bearerToken(request);
  const principal = request.principal;
  const authProblem = token && !principal ? 'The access token is not valid or has expired.' : undefined;
  const call: CallContext = {
    requestId: request.id,
    traceparent: typeof request.headers.traceparent === 'string' ? request.headers.traceparent : undefined,
    authorization: principal ? `Bearer ${token}` : undefined,
  };
  const get = <T>(upstream: keyof Upstreams, path: string) =>
    getJson<T>(deps.upstreams[upstream], path, call, deps.hooks);
  const send = <T>(upstream: keyof Upstreams, upstreamRequest: UpstreamRequest) =>
    callJson<T>(deps.upstreams[upstream], upstreamRequest, call, deps.hooks);

  const variantBySku = new DataLoader<string, InternalVariant | null>(
    async (skus) => {
      const { variants } = await callJson<{ variants: InternalVariant[] }>(
        deps.upstreams.product,
        {
          method: 'GET',
          path: `/internal/variants?skus=${skus.map(encodeURIComponent).join(',')}`,
          headers: internalTokenHeaders(deps.internalToken),
        },
        call,
        deps.hooks,
      );
      const bySku = new Map(variants.map((variant) => [variant.sku, variant]));
      return skus.map((sku) => bySku.get(sku) ?? null);
    },
    { maxBatchSize: MAX_SKUS_PER_CALL },
  );
  // Keyed by slug, or slug?currency=XXX for a page in another currency than the default.
  const productBySlug = new DataLoader(
    eachKey((key) => {
      const [slug = '', query] = key.split('?', 2);
      return get<Product>('product', `/products/${encodeURIComponent(slug)}${query ? `?${query}` : ''}`);
    }),
  );
  const orderById = new DataLoader(
    eachKey((id) => get<Order>('order', `/orders/${encodeURIComponent(id)}`)),
  ) as DataLoader<string, Order>;
  const categoryTree = new DataLoader<'all', CategoryNode[]>(async (keys) => {
    const { categories } = await get<{ categories: CategoryNode[] }>('product', '/categories');
    return keys.map(() => categories);
  });
  const profile = new DataLoader<'me', Profile>(async (keys) => {
    const me = await get<Profile>('user', '/users/me');
    return keys.map(() => me);
  });

  const context: GraphQLContext = {
    principal,
    authProblem,
    get,
    send,
    countOrderPlacement: () => deps.countOrderPlacement(request),
    loaders: { variantBySku, productBySlug, orderById, categoryTree, profile },
  };
  return context;
}
