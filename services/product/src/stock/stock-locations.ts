// Stock locations (warehouses) for admins: the locations, a SKU's units per location, and
// transfers between locations. What the store refuses becomes the problem that names it.
import type {
  SkuLocationStock,
  StockLocation,
  StockLocationCreate,
  StockLocationUpdate,
  StockTransferResult,
} from '@emporium/contracts/stock-locations';
import { HttpProblem, problems } from '@emporium/platform';
import {
  type CatalogStore,
  type LocationRecord,
  type StockTransfer,
  UnknownLocationError,
} from '../repositories/catalog-store.js';
import { toLevel } from './stock-level.js';

const toApi = (location: LocationRecord): StockLocation => ({
  code: location.code,
  name: location.name,
  country: location.country,
  shipsTo: location.shipsTo,
  default: location.isDefault,
  createdAt: location.createdAt,
  updatedAt: location.updatedAt,
});

/** Runs a change that names a location (body.location); an unknown one is the caller's mistake. */
export async function atKnownLocation<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (!(error instanceof UnknownLocationError)) throw error;
    throw problems.validation([{ field: 'body.location', message: `no stock location ${error.code}` }]);
  }
}

export function createStockLocations({ store }: { store: CatalogStore }) {
  async function mustFind(code: string): Promise<LocationRecord> {
    const location = await store.locations.find(code);
    if (!location) throw problems.notFound(`Stock location ${code}`);
    return location;
  }

  return {
    async listLocations(): Promise<StockLocation[]> {
      return (await store.locations.list()).map(toApi);
    },

    async location(code: string): Promise<StockLocation> {
      return toApi(await mustFind(code));
    },

    async createLocation(input: StockLocationCreate): Promise<StockLocation> {
      const created = await store.locations.create({
        code: input.code,
        name: input.name,
        country: input.country,
        shipsTo: input.shipsTo ?? null,
      });
      if (!created) {
        throw problems.conflict(`A stock location with code ${input.code} exists.`, 'location-code-taken');
      }
      return toApi(await mustFind(input.code));
    },

    async updateLocation(code: string, changes: StockLocationUpdate): Promise<StockLocation> {
      const updated = await store.locations.update(code, changes);
      if (!updated) throw problems.notFound(`Stock location ${code}`);
      return toApi(updated);
    },

    async removeLocation(code: string): Promise<void> {
      switch (await store.locations.remove(code)) {
        case 'removed':
          return;
        case 'unknown':
          throw problems.notFound(`Stock location ${code}`);
        case 'default':
          throw problems.conflict(
            `${code} is the default location, where changes that name no location go; it cannot be removed.`,
            'default-location',
          );
        case 'holds-stock':
          throw problems.conflict(
            `${code} still holds units (available or reserved); transfer them out first.`,
            'location-holds-stock',
          );
      }
    },

    async stockByLocation(sku: string): Promise<SkuLocationStock> {
      const [levels, [level]] = await Promise.all([store.locations.levels(sku), store.stock.levels([sku])]);
      if (!levels || !level) throw problems.notFound(`SKU ${sku}`);
      return { level: toLevel(level), locations: levels };
    },

    async transfer(sku: string, transfer: StockTransfer): Promise<StockTransferResult> {
      if (transfer.from === transfer.to) {
        throw problems.validation([{ field: 'body.to', message: 'must differ from body.from' }]);
      }
      const outcome = await store.locations.transfer(sku, transfer);
      switch (outcome.outcome) {
        case 'applied':
        case 'repeated':
          return {
            sku,
            transferId: outcome.transferId,
            entries: outcome.entries,
            locations: outcome.locations,
          };
        case 'unknown-sku':
          throw problems.notFound(`SKU ${sku}`);
        case 'unknown-location':
          throw problems.validation([
            { field: `body.${outcome.field}`, message: `no stock location ${outcome.code}` },
          ]);
        case 'short':
          throw new HttpProblem(
            409,
            'insufficient-stock',
            'Insufficient stock',
            `Only ${outcome.available} units of ${sku} are available at ${transfer.from}; cannot transfer ${transfer.quantity}.`,
            { available: outcome.available },
          );
        case 'key-reused':
          throw problems.conflict(
            `Idempotency-Key was used for another change of ${sku} (ledger entry ${outcome.entry.id}).`,
            'idempotency-key-reused',
          );
      }
    },
  };
}
