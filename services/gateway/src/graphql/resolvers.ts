// Resolvers: each field reads through the owning service, with the caller's token, and through
// the request's DataLoaders wherever many parents need the same kind of thing.
import type { Money } from '@emporium/contracts';
import type { FeedPage } from '@emporium/contracts/notification';
import type { Cart, OrderPage } from '@emporium/contracts/order';
import type { CategoryNode, InternalVariant, ProductPage } from '@emporium/contracts/product';
import { mediaUrl } from '@emporium/contracts/product-media';
import type { Static } from '@sinclair/typebox';
import type { IResolvers } from 'mercurius';
import type { GraphQLContext } from './context.js';
import { relay, requireViewer } from './errors.js';
import { mutations } from './mutations.js';

const MAX_PAGE = 100;
const page = (first: number | undefined) => Math.min(Math.max(first ?? 20, 1), MAX_PAGE);

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

function findCategory(nodes: CategoryNode[], slug: string): CategoryNode | null {
  for (const node of nodes) {
    if (node.slug === slug) return node;
    const inChildren = findCategory(node.children, slug);
    if (inChildren) return inChildren;
  }
  return null;
}

const categoryOf = async (parent: { category?: string }, _args: unknown, context: GraphQLContext) =>
  parent.category
    ? findCategory(await relay(context.loaders.categoryTree.load('all')), parent.category)
    : null;

/** A product page in `currency`: a listing's item's details stay in the listing's currency. */
const detailsOf = (
  parent: { slug: string; price?: Money | null },
  args: { currency?: string },
  context: GraphQLContext,
) => {
  const currency = args.currency ?? parent.price?.currency;
  return relay(
    context.loaders.productBySlug.load(currency ? `${parent.slug}?currency=${currency}` : parent.slug),
  );
};

const productOfLine = (line: { sku: string }, _args: unknown, context: GraphQLContext) =>
  relay(context.loaders.variantBySku.load(line.sku));

/** An order from the list is a summary; lines and totals come from the order itself, batched. */
const fromOrder =
  <K extends 'lines' | 'totals'>(field: K) =>
  async (
    order: { orderId: string; lines?: unknown; totals?: unknown },
    _args: unknown,
    context: GraphQLContext,
  ) =>
    order[field] ?? (await relay(context.loaders.orderById.load(order.orderId)))[field];

/**
 * A listing names an uploaded image by reference and its media base once per page; GraphQL's
 * `image` is one URL, the card rendition's (or the URL an admin entered, when nothing was uploaded).
 */
function withCardImages(listing: ProductPage): ProductPage {
  return {
    ...listing,
    items: listing.items.map((item) =>
      item.media ? { ...item, image: mediaUrl(listing.mediaBase, item.media, 'card', 'fallback') } : item,
    ),
  };
}

export const resolvers: IResolvers = {
  Query: {
    product: (_root, args: { slug: string; currency?: string }, context) => detailsOf(args, args, context),
    products: async (
      _root,
      args: { search?: string; category?: string; first?: number; after?: string; currency?: string },
      context,
    ) =>
      withCardImages(
        await relay(
          context.get<ProductPage>(
            'product',
            `/products${queryString({ q: args.search, category: args.category, limit: page(args.first), cursor: args.after, currency: args.currency })}`,
          ),
        ),
      ),
    categories: (_root, _args, context) => relay(context.loaders.categoryTree.load('all')),
    viewer: (_root, _args, context) => {
      const id = requireViewer(context);
      return { id, roles: context.principal!.roles };
    },
    cart: (_root, args: { id?: string }, context) => {
      if (args.id) return relay(context.get<Cart>('order', `/cart/${encodeURIComponent(args.id)}`));
      requireViewer(context);
      return relay(context.get<Cart>('order', '/cart'));
    },
    orders: async (_root, args: { first?: number }, context) => {
      requireViewer(context);
      const { orders } = await relay(
        context.get<Static<typeof OrderPage>>('order', `/orders${queryString({ limit: page(args.first) })}`),
      );
      return orders;
    },
    order: (_root, args: { id: string }, context) => {
      // As over REST: a guest reads an order by its id and the order service decides what is
      // visible; a refused token still fails here rather than quietly reading as a guest.
      if (context.authProblem) requireViewer(context);
      return relay(context.loaders.orderById.load(args.id));
    },
    notifications: async (_root, args: { first?: number }, context) => {
      requireViewer(context);
      const feed = await relay(
        context.get<FeedPage>('notification', `/notifications${queryString({ limit: page(args.first) })}`),
      );
      return feed.items;
    },
  },
  Mutation: mutations,
  Category: {
    products: async (category: CategoryNode, args: { first?: number; currency?: string }, context) => {
      const listing = await relay(
        context.get<ProductPage>(
          'product',
          `/products${queryString({ category: category.slug, limit: page(args.first), currency: args.currency })}`,
        ),
      );
      return withCardImages(listing).items;
    },
  },
  Product: { category: categoryOf },
  ProductSummary: {
    category: categoryOf,
    details: (summary, _args, context) => detailsOf(summary, {}, context),
  },
  CatalogVariant: {
    price: (variant: InternalVariant, args: { currency: string }) =>
      variant.prices.find((price) => price.currency === args.currency) ?? null,
    details: (variant: InternalVariant, _args, context) => detailsOf(variant, {}, context),
  },
  Cart: { id: (cart: Cart) => cart.cartId },
  CartLine: { product: productOfLine },
  OrderLine: { product: productOfLine },
  Order: {
    id: (order: { orderId: string }) => order.orderId,
    // A list entry carries `total`; a whole order (order(id), placeOrder) has it in its totals.
    total: (order: { total?: Money; totals?: { total: Money } }) => order.total ?? order.totals?.total,
    lines: fromOrder('lines'),
    totals: fromOrder('totals'),
  },
  Viewer: {
    email: async (_viewer, _args, context) => (await relay(context.loaders.profile.load('me'))).email,
    name: async (_viewer, _args, context) => (await relay(context.loaders.profile.load('me'))).name,
    phone: async (_viewer, _args, context) => (await relay(context.loaders.profile.load('me'))).phone,
  },
};
