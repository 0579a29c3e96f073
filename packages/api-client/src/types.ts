// Named shapes of the public API, read from the generated OpenAPI types (schema.d.ts), so a
// change in a service's route schema shows up here as a type error in the apps.
import type { paths } from './schema.js';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
/** The JSON of an operation's success answer (200 or 201). */
type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer C }
      ? Json<C>
      : never
  : never;
/** The JSON body an operation takes. */
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
type Query<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

// Read through operations, not by component name: the generator numbers shared components
// (def-0, def-1…) in the order it meets them, which any new route may change.
export type Money = NonNullable<Ok<'/api/v1/products/{slug}', 'get'>['variants'][number]['price']>;
export type CategoryNode = Ok<'/api/v1/categories', 'get'>['categories'][number];

// auth
export type Session = Ok<'/api/v1/auth/login', 'post'>;
export type AuthUser = Session['user'];
export type RegisterRequest = Body<'/api/v1/auth/register', 'post'>;
export type LoginRequest = Body<'/api/v1/auth/login', 'post'>;

// catalog
export type ProductPage = Ok<'/api/v1/products', 'get'>;
export type ProductSummary = ProductPage['items'][number];
export type Facets = ProductPage['facets'];
export type SortOrder = NonNullable<Query<'/api/v1/products', 'get'>['sort']>;
export type Product = Ok<'/api/v1/products/{slug}', 'get'>;
/** A currency the catalog prices in (ISO 4217); the service answers 400 for any other. */
export type CatalogCurrency = NonNullable<Query<'/api/v1/products/{slug}', 'get'>['currency']>;
export type Variant = Product['variants'][number];
/** An uploaded image: URLs per size (thumbnail, card, detail, zoom) and format, sizes, alt text. */
export type MediaImage = Product['media'][number];
/** A listing's image: id, largest size, fallback format; URLs from `mediaUrl(page.mediaBase, …)`. */
export type MediaRef = NonNullable<ProductSummary['media']>;
/** A listing's image with the page's media base beside it, so a card builds its URLs alone. */
export type ListingImage = MediaRef & { base: string };
export type ListingItem = Omit<ProductSummary, 'media'> & { media?: ListingImage };
/** A listing page as `catalog.search` answers it: each image carries the media base. */
export type ListingPage = Omit<ProductPage, 'items'> & { items: ListingItem[] };

// cart, checkout, orders
export type Cart = Ok<'/api/v1/cart/{cartId}', 'get'>;
export type CartLine = Cart['lines'][number];
export type CartTotals = Ok<'/api/v1/cart/{cartId}/totals', 'get'>;
export type CartTotalsQuery = Query<'/api/v1/cart/{cartId}/totals', 'get'>;
export type CheckoutRequest = Body<'/api/v1/orders', 'post'>;
export type Address = CheckoutRequest['shippingAddress'];
export type ShippingMethod = CheckoutRequest['shippingMethod'];
export type Order = Ok<'/api/v1/orders/{orderId}', 'get'>;
export type OrderStatus = Order['status'];
export type OrderTransition = Order['timeline'][number];
export type Shipment = Order['shipments'][number];
export type FulfillmentStatus = Order['fulfillmentStatus'];
export type OrderReturn = Order['returns'][number];
export type ReturnRequest = Body<'/api/v1/orders/{orderId}/returns', 'post'>;
export type ExchangeRequest = Body<'/api/v1/orders/{orderId}/exchanges', 'post'>;
export type ExchangeableLine = Ok<'/api/v1/orders/{orderId}/exchange-options', 'get'>['lines'][number];
export type ReturnReceipt = Body<'/api/v1/admin/orders/{orderId}/returns/{returnId}/receive', 'post'>;
export type CreateShipmentRequest = Body<'/api/v1/admin/orders/{orderId}/shipments', 'post'>;
export type OrderPage = Ok<'/api/v1/orders', 'get'>;
export type OrderSummary = OrderPage['orders'][number];

// regions: where the shop sells, each with its currency and whether prices hold tax
export type Region = Ok<'/api/v1/regions', 'get'>['regions'][number];

// account
export type Profile = Ok<'/api/v1/users/me', 'get'>;
export type ProfilePatch = Body<'/api/v1/users/me', 'patch'>;
export type SavedAddress = Ok<'/api/v1/users/me/addresses', 'get'>['addresses'][number];
export type NewAddress = Body<'/api/v1/users/me/addresses', 'post'>;
export type AddressPatch = Body<'/api/v1/users/me/addresses/{id}', 'patch'>;
export type NotificationPreferences = Ok<'/api/v1/users/me/preferences', 'get'>;
export type PreferencesPatch = Body<'/api/v1/users/me/preferences', 'patch'>;

// notifications
export type FeedPage = Ok<'/api/v1/notifications', 'get'>;
export type FeedNotification = FeedPage['items'][number];

// admin
export type ProductCreate = Body<'/api/v1/admin/products', 'post'>;
export type ProductPatch = Body<'/api/v1/admin/products/{id}', 'patch'>;
export type VariantInput = ProductCreate['variants'][number];
export type StockLevel = Ok<'/api/v1/admin/stock/{sku}/restock', 'post'>;
export type StockAdjustment = Body<'/api/v1/admin/stock/{sku}/adjustments', 'post'>;
export type StockCount = Body<'/api/v1/admin/stock/{sku}/count', 'post'>;
export type StockChange = Ok<'/api/v1/admin/stock/{sku}/adjustments', 'post'>;
export type StockLedgerPage = Ok<'/api/v1/admin/stock/{sku}/ledger', 'get'>;
export type StockLedgerEntry = StockLedgerPage['items'][number];
export type StockLocation = Ok<'/api/v1/admin/stock-locations/{code}', 'get'>;
export type StockLocationCreate = Body<'/api/v1/admin/stock-locations', 'post'>;
export type StockLocationUpdate = Body<'/api/v1/admin/stock-locations/{code}', 'patch'>;
export type SkuLocationStock = Ok<'/api/v1/admin/stock/{sku}/locations', 'get'>;
export type StockTransfer = Body<'/api/v1/admin/stock/{sku}/transfers', 'post'>;
export type AdminOrderQuery = Query<'/api/v1/admin/orders', 'get'>;
export type RefundRequest = Body<'/api/v1/admin/orders/{orderId}/refund', 'post'>;
export type AdminUserList = Ok<'/api/v1/admin/users', 'get'>;
export type AdminUserDetail = Ok<'/api/v1/admin/users/{id}', 'get'>;
export type Payment = Ok<'/api/v1/admin/payments', 'get'>['payments'][number];
export type DeliveryQuery = Query<'/api/v1/admin/notifications/deliveries', 'get'>;
export type DeliveryPage = Ok<'/api/v1/admin/notifications/deliveries', 'get'>;
export type Delivery = DeliveryPage['items'][number];
export type DeliveryDetail = Ok<'/api/v1/admin/notifications/deliveries/{id}', 'get'>;
export type SinkMailPage = Ok<'/api/v1/admin/notifications/outbox-mail', 'get'>;
export type SinkMail = Ok<'/api/v1/admin/notifications/outbox-mail/{id}', 'get'>;

// pricing: regions, their tax rates and shipping options, promotions
export type RegionDetail = Ok<'/api/v1/admin/regions/{regionId}', 'get'>;
export type RegionCreate = Body<'/api/v1/admin/regions', 'post'>;
export type RegionPatch = Body<'/api/v1/admin/regions/{regionId}', 'patch'>;
export type TaxRate = RegionDetail['taxRates'][number];
export type TaxRateCreate = Body<'/api/v1/admin/regions/{regionId}/tax-rates', 'post'>;
export type ShippingOption = RegionDetail['shippingOptions'][number];
export type ShippingOptionCreate = Body<'/api/v1/admin/regions/{regionId}/shipping-options', 'post'>;
export type ShippingOptionPatch = Body<'/api/v1/admin/regions/{regionId}/shipping-options/{id}', 'patch'>;
export type Promotion = Ok<'/api/v1/admin/promotions/{promotionId}', 'get'>;
export type PromotionCreate = Body<'/api/v1/admin/promotions', 'post'>;
export type PromotionPatch = Body<'/api/v1/admin/promotions/{promotionId}', 'patch'>;
export type PromotionUsage = Ok<'/api/v1/admin/promotions/{promotionId}/usage', 'get'>;
export type CustomerGroup = Ok<'/api/v1/admin/customer-groups', 'get'>['customerGroups'][number];
export type CustomerGroupDetail = Ok<'/api/v1/admin/customer-groups/{groupId}', 'get'>;
export type PriceListSummary = Ok<'/api/v1/admin/price-lists', 'get'>['priceLists'][number];
export type PriceList = Ok<'/api/v1/admin/price-lists/{priceListId}', 'get'>;
export type PriceListCreate = Body<'/api/v1/admin/price-lists', 'post'>;
export type PriceListPatch = Body<'/api/v1/admin/price-lists/{priceListId}', 'patch'>;
export type ShopperPrice = Ok<'/api/v1/prices', 'get'>['prices'][number];

// reviews and content pages
export type ReviewPage = Ok<'/api/v1/products/{slug}/reviews', 'get'>;
export type Review = ReviewPage['items'][number];
export type RatingSummary = ReviewPage['rating'];
export type ReviewEligibility = Ok<'/api/v1/products/{slug}/reviews/eligibility', 'get'>;
export type ReviewDetail = Ok<'/api/v1/reviews/{id}', 'get'>;
export type ReviewStatus = ReviewDetail['status'];
export type ReviewSubmit = Body<'/api/v1/products/{slug}/reviews', 'post'>;
export type ReviewEdit = Body<'/api/v1/reviews/{id}', 'patch'>;
export type AdminReviewPage = Ok<'/api/v1/admin/reviews', 'get'>;
export type ContentPage = Ok<'/api/v1/pages/{slug}', 'get'>;
export type ContentPageList = Ok<'/api/v1/pages', 'get'>;
export type ContentPageWrite = Body<'/api/v1/admin/pages/{slug}', 'put'>;
