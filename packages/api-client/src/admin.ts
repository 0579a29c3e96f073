// What admins do: the catalog, stock, orders, users, payments and the notification delivery log.
import { type Transport, unwrap } from './http.js';
import type {
  AdminOrderQuery,
  CreateShipmentRequest,
  DeliveryQuery,
  ProductCreate,
  ProductPatch,
  RefundRequest,
  ReturnReceipt,
  StockAdjustment,
  StockCount,
  StockLocationCreate,
  StockLocationUpdate,
  StockTransfer,
} from './types.js';

export function adminEndpoints({ rest }: Transport) {
  const product = (id: string) => ({ params: { path: { id } } });
  const order = (orderId: string) => ({ params: { path: { orderId } } });
  return {
    products: {
      create: (body: ProductCreate) => unwrap(rest.POST('/api/v1/admin/products', { body })),
      get: (id: string) => unwrap(rest.GET('/api/v1/admin/products/{id}', product(id))),
      update: (id: string, body: ProductPatch) =>
        unwrap(rest.PATCH('/api/v1/admin/products/{id}', { ...product(id), body })),
      archive: (id: string) => unwrap(rest.POST('/api/v1/admin/products/{id}/archive', product(id))),
      /**
       * Uploads an image (JPEG, PNG, GIF, WebP or AVIF), for one variant with `sku`; answers the
       * product with it. Sending the same image again changes nothing.
       */
      uploadImage: (id: string, file: Blob, details: { alt?: string; sku?: string } = {}) => {
        const form = new FormData();
        // The name says nothing to the server (it reads the bytes), but helps its logs.
        form.append('file', file, (file as { name?: string }).name || 'image');
        if (details.alt) form.append('alt', details.alt);
        if (details.sku) form.append('sku', details.sku);
        // A multipart body, which the route reads part by part: its document declares no JSON body.
        return unwrap(
          rest.POST('/api/v1/admin/products/{id}/media', { ...product(id), body: form as never }),
        );
      },
    },
    stock: {
      restock: (sku: string, quantity: number) =>
        unwrap(
          rest.POST('/api/v1/admin/stock/{sku}/restock', { params: { path: { sku } }, body: { quantity } }),
        ),
      low: async (limit = 100) =>
        (await unwrap(rest.GET('/api/v1/admin/stock/low', { params: { query: { limit } } }))).items,
      /** A write-up or write-down; the same key for a retry applies it at most once. */
      adjust: (sku: string, body: StockAdjustment, idempotencyKey: string) =>
        unwrap(
          rest.POST('/api/v1/admin/stock/{sku}/adjustments', {
            params: { path: { sku } },
            body,
            headers: { 'idempotency-key': idempotencyKey },
          }),
        ),
      count: (sku: string, body: StockCount) =>
        unwrap(rest.POST('/api/v1/admin/stock/{sku}/count', { params: { path: { sku } }, body })),
      ledger: (sku: string, query: { cursor?: string; limit?: number } = {}) =>
        unwrap(rest.GET('/api/v1/admin/stock/{sku}/ledger', { params: { path: { sku }, query } })),
      /** The SKU's totals and its units in every location. */
      byLocation: (sku: string) =>
        unwrap(rest.GET('/api/v1/admin/stock/{sku}/locations', { params: { path: { sku } } })),
      /** Moves units between locations; the same key for a retry applies it at most once. */
      transfer: (sku: string, body: StockTransfer, idempotencyKey: string) =>
        unwrap(
          rest.POST('/api/v1/admin/stock/{sku}/transfers', {
            params: { path: { sku } },
            body,
            headers: { 'idempotency-key': idempotencyKey },
          }),
        ),
      ledgerCsv: (sku: string) =>
        unwrap(
          rest.GET('/api/v1/admin/stock/{sku}/ledger.csv', { params: { path: { sku } }, parseAs: 'text' }),
        ),
    },
    stockLocations: {
      list: async () => (await unwrap(rest.GET('/api/v1/admin/stock-locations'))).items,
      create: (body: StockLocationCreate) => unwrap(rest.POST('/api/v1/admin/stock-locations', { body })),
      update: (code: string, body: StockLocationUpdate) =>
        unwrap(rest.PATCH('/api/v1/admin/stock-locations/{code}', { params: { path: { code } }, body })),
      /** 409 location-holds-stock while it holds units; 409 default-location for the default. */
      remove: (code: string) =>
        unwrap(rest.DELETE('/api/v1/admin/stock-locations/{code}', { params: { path: { code } } })),
    },
    orders: {
      list: (query: Partial<AdminOrderQuery> = {}) =>
        unwrap(rest.GET('/api/v1/admin/orders', { params: { query: { limit: 50, ...query } } })),
      get: (orderId: string) => unwrap(rest.GET('/api/v1/admin/orders/{orderId}', order(orderId))),
      ship: (orderId: string, shipment: { carrier?: string; trackingNumber?: string } = {}) =>
        unwrap(rest.POST('/api/v1/admin/orders/{orderId}/ship', { ...order(orderId), body: shipment })),
      deliver: (orderId: string) =>
        unwrap(rest.POST('/api/v1/admin/orders/{orderId}/deliver', order(orderId))),
      /** A shipment of some lines; the same key for a retry of one shipment creates it at most once. */
      createShipment: (orderId: string, body: CreateShipmentRequest, idempotencyKey: string) =>
        unwrap(
          rest.POST('/api/v1/admin/orders/{orderId}/shipments', {
            params: { path: { orderId }, header: { 'idempotency-key': idempotencyKey } },
            body,
          }),
        ),
      shipmentDelivered: (orderId: string, shipmentId: string) =>
        unwrap(
          rest.POST('/api/v1/admin/orders/{orderId}/shipments/{shipmentId}/delivered', {
            params: { path: { orderId, shipmentId } },
          }),
        ),
      /** Steps of a return: approve, reject, receive (restock and condition per line), refund. */
      returns: {
        approve: (orderId: string, returnId: string) =>
          unwrap(
            rest.POST('/api/v1/admin/orders/{orderId}/returns/{returnId}/approve', {
              params: { path: { orderId, returnId } },
            }),
          ),
        reject: (orderId: string, returnId: string, reason: string) =>
          unwrap(
            rest.POST('/api/v1/admin/orders/{orderId}/returns/{returnId}/reject', {
              params: { path: { orderId, returnId } },
              body: { reason },
            }),
          ),
        receive: (orderId: string, returnId: string, body: ReturnReceipt) =>
          unwrap(
            rest.POST('/api/v1/admin/orders/{orderId}/returns/{returnId}/receive', {
              params: { path: { orderId, returnId } },
              body,
            }),
          ),
        refund: (orderId: string, returnId: string) =>
          unwrap(
            rest.POST('/api/v1/admin/orders/{orderId}/returns/{returnId}/refund', {
              params: { path: { orderId, returnId } },
            }),
          ),
      },
      cancel: (orderId: string, reason: string) =>
        unwrap(rest.POST('/api/v1/admin/orders/{orderId}/cancel', { ...order(orderId), body: { reason } })),
      /** The same key for a retry of one refund (after a timeout or a 503) applies it at most once. */
      refund: (orderId: string, body: RefundRequest, idempotencyKey: string) =>
        unwrap(
          rest.POST('/api/v1/admin/orders/{orderId}/refund', {
            ...order(orderId),
            body,
            headers: { 'idempotency-key': idempotencyKey },
          }),
        ),
    },
    payments: {
      forOrder: async (orderId: string) =>
        (await unwrap(rest.GET('/api/v1/admin/payments', { params: { query: { orderId, limit: 50 } } })))
          .payments,
    },
    users: {
      list: ({ search, limit = 25, offset = 0 }: { search?: string; limit?: number; offset?: number } = {}) =>
        unwrap(rest.GET('/api/v1/admin/users', { params: { query: { search, limit, offset } } })),
      get: (id: string) => unwrap(rest.GET('/api/v1/admin/users/{id}', { params: { path: { id } } })),
    },
    deliveries: {
      list: (query: DeliveryQuery = {}) =>
        unwrap(rest.GET('/api/v1/admin/notifications/deliveries', { params: { query } })),
      get: (id: string) =>
        unwrap(rest.GET('/api/v1/admin/notifications/deliveries/{id}', { params: { path: { id } } })),
      retry: (id: string) =>
        unwrap(rest.POST('/api/v1/admin/notifications/deliveries/{id}/retry', { params: { path: { id } } })),
    },
    /** Mail kept by the SMTP sink (embedded mode only; 404 `mail-sink-off` otherwise). */
    sentMail: {
      list: (query: { cursor?: string; limit?: number } = {}) =>
        unwrap(rest.GET('/api/v1/admin/notifications/outbox-mail', { params: { query } })),
      get: (id: string) =>
        unwrap(rest.GET('/api/v1/admin/notifications/outbox-mail/{id}', { params: { path: { id } } })),
    },
  };
}
