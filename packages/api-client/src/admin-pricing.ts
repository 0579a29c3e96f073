// What admins set up in the pricing service: regions (countries, currency, how tax is shown),
// their tax rates and shipping options, promotions with their usage, customer groups and price
// lists.
import { type Transport, unwrap } from './http.js';
import type {
  PriceListCreate,
  PriceListPatch,
  PromotionCreate,
  PromotionPatch,
  RegionCreate,
  RegionPatch,
  ShippingOptionCreate,
  ShippingOptionPatch,
  TaxRateCreate,
} from './types.js';

export function adminPricingEndpoints({ rest }: Transport) {
  const region = (regionId: string) => ({ params: { path: { regionId } } });
  const promotion = (promotionId: string) => ({ params: { path: { promotionId } } });
  const group = (groupId: string) => ({ params: { path: { groupId } } });
  const priceList = (priceListId: string) => ({ params: { path: { priceListId } } });
  return {
    regions: {
      list: async () => (await unwrap(rest.GET('/api/v1/admin/regions'))).regions,
      /** The region with its tax rates and shipping options. */
      get: (regionId: string) => unwrap(rest.GET('/api/v1/admin/regions/{regionId}', region(regionId))),
      /** The same key for a retry creates the region at most once. */
      create: (body: RegionCreate, idempotencyKey: string) =>
        unwrap(rest.POST('/api/v1/admin/regions', { body, headers: { 'idempotency-key': idempotencyKey } })),
      update: (regionId: string, body: RegionPatch) =>
        unwrap(rest.PATCH('/api/v1/admin/regions/{regionId}', { ...region(regionId), body })),
      /** Adding a country it already has changes nothing; one held by another region is a 409. */
      addCountry: (regionId: string, country: string) =>
        unwrap(
          rest.PUT('/api/v1/admin/regions/{regionId}/countries/{country}', {
            params: { path: { regionId, country } },
          }),
        ),
      addTaxRate: (regionId: string, body: TaxRateCreate) =>
        unwrap(rest.POST('/api/v1/admin/regions/{regionId}/tax-rates', { ...region(regionId), body })),
      removeTaxRate: (regionId: string, id: string) =>
        unwrap(
          rest.DELETE('/api/v1/admin/regions/{regionId}/tax-rates/{id}', {
            params: { path: { regionId, id } },
          }),
        ),
      addShippingOption: (regionId: string, body: ShippingOptionCreate) =>
        unwrap(rest.POST('/api/v1/admin/regions/{regionId}/shipping-options', { ...region(regionId), body })),
      updateShippingOption: (regionId: string, id: string, body: ShippingOptionPatch) =>
        unwrap(
          rest.PATCH('/api/v1/admin/regions/{regionId}/shipping-options/{id}', {
            params: { path: { regionId, id } },
            body,
          }),
        ),
    },
    promotions: {
      list: async () => (await unwrap(rest.GET('/api/v1/admin/promotions'))).promotions,
      /** The same key for a retry creates the promotion at most once. */
      create: (body: PromotionCreate, idempotencyKey: string) =>
        unwrap(
          rest.POST('/api/v1/admin/promotions', { body, headers: { 'idempotency-key': idempotencyKey } }),
        ),
      update: (promotionId: string, body: PromotionPatch) =>
        unwrap(rest.PATCH('/api/v1/admin/promotions/{promotionId}', { ...promotion(promotionId), body })),
      pause: (promotionId: string) =>
        unwrap(rest.POST('/api/v1/admin/promotions/{promotionId}/pause', promotion(promotionId))),
      resume: (promotionId: string) =>
        unwrap(rest.POST('/api/v1/admin/promotions/{promotionId}/resume', promotion(promotionId))),
      usage: (promotionId: string) =>
        unwrap(rest.GET('/api/v1/admin/promotions/{promotionId}/usage', promotion(promotionId))),
    },
    customerGroups: {
      list: async () => (await unwrap(rest.GET('/api/v1/admin/customer-groups'))).customerGroups,
      /** The group with its members. */
      get: (groupId: string) => unwrap(rest.GET('/api/v1/admin/customer-groups/{groupId}', group(groupId))),
      /** The same key for a retry creates the group at most once. */
      create: (name: string, idempotencyKey: string) =>
        unwrap(
          rest.POST('/api/v1/admin/customer-groups', {
            body: { name },
            headers: { 'idempotency-key': idempotencyKey },
          }),
        ),
      /** Adding a member again changes nothing. */
      addMember: (groupId: string, customerId: string) =>
        unwrap(
          rest.PUT('/api/v1/admin/customer-groups/{groupId}/members/{customerId}', {
            params: { path: { groupId, customerId } },
          }),
        ),
      /** One who is not a member is a 404. */
      removeMember: (groupId: string, customerId: string) =>
        unwrap(
          rest.DELETE('/api/v1/admin/customer-groups/{groupId}/members/{customerId}', {
            params: { path: { groupId, customerId } },
          }),
        ),
    },
    priceLists: {
      list: async () => (await unwrap(rest.GET('/api/v1/admin/price-lists'))).priceLists,
      get: (priceListId: string) =>
        unwrap(rest.GET('/api/v1/admin/price-lists/{priceListId}', priceList(priceListId))),
      /** The same key for a retry creates the list at most once. */
      create: (body: PriceListCreate, idempotencyKey: string) =>
        unwrap(
          rest.POST('/api/v1/admin/price-lists', { body, headers: { 'idempotency-key': idempotencyKey } }),
        ),
      /** From `body.version`: changed meanwhile by someone else, a 409 price-list-version-conflict. */
      update: (priceListId: string, body: PriceListPatch) =>
        unwrap(rest.PATCH('/api/v1/admin/price-lists/{priceListId}', { ...priceList(priceListId), body })),
      /** Placed orders keep the prices they were quoted. */
      remove: (priceListId: string) =>
        unwrap(rest.DELETE('/api/v1/admin/price-lists/{priceListId}', priceList(priceListId))),
    },
  };
}
