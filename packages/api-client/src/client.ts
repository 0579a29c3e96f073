// createEmporiumClient: one object the apps hold, grouping the endpoints by what a shopper or an
// admin does, over one transport and one session.
import { accountEndpoints } from './account.js';
import { adminEndpoints } from './admin.js';
import { adminPricingEndpoints } from './admin-pricing.js';
import { authEndpoints } from './auth.js';
import { cartEndpoints } from './cart.js';
import { catalogEndpoints } from './catalog.js';
import { graphqlEndpoint } from './graphql.js';
import { type ClientOptions, createTransport } from './http.js';
import { notificationEndpoints } from './notifications.js';
import { orderEndpoints } from './orders.js';
import { adminReviewEndpoints, contentPageEndpoints, reviewEndpoints } from './reviews.js';

export function createEmporiumClient(options: ClientOptions) {
  const transport = createTransport(options);
  return {
    session: transport.session,
    auth: authEndpoints(transport),
    catalog: catalogEndpoints(transport),
    cart: cartEndpoints(transport),
    orders: orderEndpoints(transport),
    account: accountEndpoints(transport),
    notifications: notificationEndpoints(transport),
    reviews: reviewEndpoints(transport),
    pages: contentPageEndpoints(transport),
    admin: {
      ...adminEndpoints(transport),
      ...adminPricingEndpoints(transport),
      ...adminReviewEndpoints(transport),
    },
    graphql: graphqlEndpoint(transport),
  };
}

export type EmporiumClient = ReturnType<typeof createEmporiumClient>;
