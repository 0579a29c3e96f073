// A stock row as the admin API shows it.
import type { StockLevel } from '@emporium/contracts/product';
import type { StockRecord } from '../repositories/catalog-store.js';

export const toLevel = (record: StockRecord): StockLevel => ({
  sku: record.sku,
  productId: record.productId,
  title: record.title,
  available: record.available,
  reserved: record.reserved,
  lowStockThreshold: record.lowStockThreshold,
});
