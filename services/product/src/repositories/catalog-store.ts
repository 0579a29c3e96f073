// The catalog store port: everything the product service keeps. Two adapters share one contract
// suite (test/catalog-contract.ts): product documents on MongoDB (mongodb://, tested on FerretDB)
// with stock and reservations on PostgreSQL (split-catalog-store.ts), and everything on SQL/JSONB
// (pglite:… for the embedded quick start, also postgres://).

import type { Money } from '@emporium/contracts';
import type { TaxClass } from '@emporium/contracts/pricing';
import type {
  AdjustmentReason,
  ProductStatus,
  ReservationLine,
  StockLedgerEntry,
  StockLedgerKind,
  UnavailableLine,
} from '@emporium/contracts/product';
import type { EventEnvelope, OutboxStore as RelayedOutboxStore } from '@emporium/platform';
import type { ProductImage } from '../media/media-json.js';
import type { ContentPageStore } from './content-page-store.js';
import type { ReviewStore } from './review-store.js';

export interface Category {
  slug: string;
  name: string;
  parent: string | null;
}

export interface VariantRecord {
  sku: string;
  title: string;
  options: Record<string, string>;
  /** One per currency the variant is sold in. */
  prices: Money[];
  taxClass: TaxClass;
  weightGrams: number;
  lowStockThreshold: number;
}

/** A product as stored, with the fields search derives from it (tokens, lowest price). */
export interface ProductRecord {
  id: string;
  slug: string;
  title: string;
  description: string;
  brand: string;
  images: string[];
  /** Uploaded images, by content hash; absent on documents written before uploads existed. */
  media?: ProductImage[];
  category: string;
  categoryPath: string[];
  attributes: Record<string, string>;
  variants: VariantRecord[];
  status: ProductStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  searchTokens: string[];
  titleTokens: string[];
  attributeTokens: string[];
  /** The lowest variant price per currency: what listings show and filter on. */
  priceMin: Record<string, number>;
}

export interface StockRecord {
  sku: string;
  productId: string;
  slug: string;
  title: string;
  available: number;
  reserved: number;
  lowStockThreshold: number;
  updatedAt: string;
}

export type ReservationStatus = 'reserved' | 'rejected' | 'committed' | 'released';

export interface ReservationRecord {
  reservationId: string;
  status: ReservationStatus;
  lines: ReservationLine[];
  expiresAt: string;
  unavailable: UnavailableLine[];
  /**
   * Stock of the lines as this call's holds left it (read back by the holds' own writes), set
   * only by the reserve call that reserved: spares the caller a read to see what moved.
   */
  levels?: StockRecord[];
  /** Set by reserve and commit: true when this call decided the outcome and stored its events. */
  decided?: boolean;
  /** Which location each reserved unit came from (empty unless reserved or committed). */
  allocation?: Allocation[];
}

export interface Allocation {
  sku: string;
  location: string;
  quantity: number;
}

/**
 * Events a stock operation stores atomically with its outcome. The store may build them before
 * the write, for the outcome it is attempting (so they travel with it), and stores them only if
 * the call decides that outcome: building them must have no other effect.
 */
export type EventsFor<T> = (outcome: T) => EventEnvelope[];

/**
 * What a stock change is, written to the ledger row the change makes (the same statement).
 * `actor`: `admin:<user id>`, `order:<order id>` or `system`.
 */
export interface LedgerContext {
  kind: StockLedgerKind;
  actor: string;
  reason?: string;
  note?: string;
  /** The reservation (order id) the change belongs to. */
  reference?: string;
  /** An admin's retry key: a second change of the SKU with the same key is refused by the ledger. */
  idempotencyKey?: string;
}

/** An admin's change of a SKU's available units, as a ledger context. */
export interface ManualChange {
  actor: string;
  note?: string;
  /** The stock location whose units change; the default location when left out. */
  location?: string;
}

export interface StockAdjustment extends ManualChange {
  quantity: number;
  reason: AdjustmentReason;
  idempotencyKey?: string;
  /** `return`: units a shopper sent back (reference: the return's id); an admin's change otherwise. */
  kind?: 'adjustment' | 'return';
  reference?: string;
}

/** The change as stored, with the level it left. */
export interface AppliedChange {
  entry: StockLedgerEntry;
  level: StockRecord;
}

export type AdjustmentOutcome =
  | ({ outcome: 'applied' } & AppliedChange)
  /** The idempotency key was used before for this same adjustment: nothing changed now. */
  | ({ outcome: 'repeated' } & AppliedChange)
  /** The key was used before for a different change. */
  | { outcome: 'key-reused'; entry: StockLedgerEntry }
  /** A write-down larger than what is available: nothing changed. */
  | { outcome: 'short'; available: number }
  | { outcome: 'unknown-sku' };

/** A change named a stock location that does not exist (or was removed meanwhile). */
export class UnknownLocationError extends Error {
  constructor(readonly code: string) {
    super(`no stock location ${code}`);
    this.name = 'UnknownLocationError';
  }
}

export class DuplicateKeyError extends Error {
  constructor(readonly field: 'slug' | 'sku' | 'id') {
    super(`duplicate ${field}`);
    this.name = 'DuplicateKeyError';
  }
}

export interface ProductStore {
  upsertCategory(category: Category): Promise<void>;
  listCategories(): Promise<Category[]>;
  /** Inserts the product and a stock record per variant. Throws DuplicateKeyError on slug/sku. */
  insert(
    product: ProductRecord,
    initialStock: Record<string, number>,
    events: EventEnvelope[],
  ): Promise<void>;
  /** Replaces the product if its stored version is `expectedVersion`; false when stale. */
  replace(
    product: ProductRecord,
    expectedVersion: number,
    newStock: Record<string, number>,
    events: EventEnvelope[],
  ): Promise<boolean>;
  findById(id: string): Promise<ProductRecord | undefined>;
  findBySlug(slug: string): Promise<ProductRecord | undefined>;
  findByIds(ids: string[]): Promise<ProductRecord[]>;
  /** Products written at or after `since` (all when undefined), for the search index. */
  changedSince(since?: string): Promise<ProductRecord[]>;
}

/**
 * The product half of a catalog whose stock lives in another database (MongoDB products,
 * PostgreSQL stock): ProductStore without the stock rows.
 */
export interface ProductDocumentStore extends Omit<ProductStore, 'insert' | 'replace'> {
  /** Throws DuplicateKeyError('slug') on a taken slug. */
  insert(product: ProductRecord, events: EventEnvelope[]): Promise<void>;
  replace(product: ProductRecord, expectedVersion: number, events: EventEnvelope[]): Promise<boolean>;
}

export interface LocationRecord {
  code: string;
  name: string;
  country: string | null;
  /** Countries it ships to; null: everywhere. */
  shipsTo: string[] | null;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface LocationLevel {
  location: string;
  available: number;
  reserved: number;
}

export interface LocationChanges {
  name?: string;
  country?: string;
  shipsTo?: string[] | null;
}

export type LocationRemoval = 'removed' | 'unknown' | 'default' | 'holds-stock';

export interface StockTransfer {
  from: string;
  to: string;
  quantity: number;
  actor: string;
  note?: string;
  idempotencyKey?: string;
}

export interface AppliedTransfer {
  transferId: string;
  /** Out of `from`, then into `to`. */
  entries: [StockLedgerEntry, StockLedgerEntry];
  locations: [LocationLevel, LocationLevel];
}

export type TransferOutcome =
  | ({ outcome: 'applied' } & AppliedTransfer)
  /** The idempotency key was used before for this same transfer: nothing changed now. */
  | ({ outcome: 'repeated' } & AppliedTransfer)
  | { outcome: 'key-reused'; entry: StockLedgerEntry }
  /** `from` has fewer than `quantity` available: nothing changed. */
  | { outcome: 'short'; available: number }
  | { outcome: 'unknown-sku' }
  | { outcome: 'unknown-location'; field: 'from' | 'to'; code: string };

/** Stock locations (warehouses): every SKU's units are held per location. */
export interface StockLocationStore {
  list(): Promise<LocationRecord[]>;
  find(code: string): Promise<LocationRecord | undefined>;
  /** False when the code is taken. */
  create(location: Omit<LocationRecord, 'isDefault' | 'createdAt' | 'updatedAt'>): Promise<boolean>;
  update(code: string, changes: LocationChanges): Promise<LocationRecord | undefined>;
  /** Removes a location holding no units; the default location stays. */
  remove(code: string): Promise<LocationRemoval>;
  /** A SKU's units in every location (zero where it has none); undefined for an unknown SKU. */
  levels(sku: string): Promise<LocationLevel[] | undefined>;
  /** Units available per SKU in locations that ship to `country`. */
  availableFor(skus: string[], country: string): Promise<Map<string, number>>;
  /** Moves available units between two locations: one ledger row out, one in, atomically. */
  transfer(sku: string, transfer: StockTransfer): Promise<TransferOutcome>;
}

export interface StockStore {
  levels(skus: string[]): Promise<StockRecord[]>;
  changedSince(since?: string): Promise<StockRecord[]>;
  restock(sku: string, quantity: number, change: ManualChange): Promise<StockRecord | undefined>;
  /**
   * Adds or writes off available units (at the change's location); never below zero. Idempotent per `idempotencyKey` (per
   * SKU). `events` is called with the stored change, inside its transaction.
   */
  adjust(
    sku: string,
    adjustment: StockAdjustment,
    events: EventsFor<AppliedChange>,
  ): Promise<AdjustmentOutcome>;
  /** Sets available to `counted` under the row's lock; the ledger records the difference. */
  count(
    sku: string,
    counted: number,
    change: ManualChange,
    events: EventsFor<AppliedChange>,
  ): Promise<AppliedChange | undefined>;
  /** The SKU's ledger, newest first, entries older than `before` (an entry id) when given. */
  ledger(sku: string, page: { before?: string; limit: number }): Promise<StockLedgerEntry[]>;
  /** Variants whose available quantity is at or below their threshold, lowest first. */
  low(limit: number): Promise<StockRecord[]>;
  /**
   * All-or-nothing and idempotent per reservationId: a repeated call returns the stored outcome
   * (`decided` false, nothing stored). A released id (even one released before it was ever
   * reserved) stays released.
   */
  reserve(
    reservationId: string,
    lines: ReservationLine[],
    expiresAt: string,
    events: EventsFor<ReservationRecord>,
    shipTo?: string,
  ): Promise<ReservationRecord>;
  /**
   * Turns held stock into sold stock. Returns the record as it ends; undefined if unknown. A held
   * reservation whose expiry is at or before `notExpiredAt` is returned unchanged (still
   * `reserved`) instead: the caller gives expired stock back rather than selling it late.
   * `decided` is true only for the call that commits it.
   */
  commit(
    reservationId: string,
    events: EventsFor<ReservationRecord>,
    notExpiredAt?: string,
  ): Promise<ReservationRecord | undefined>;
  /**
   * Puts a committed reservation's sold units back on the shelf (its order was cancelled before
   * it shipped) and marks it released. Idempotent: a repeat, or a reservation in any other
   * status, changes nothing. Returns the record as it ends; undefined if unknown. `events` is
   * called only when this call restores it.
   */
  restore(
    reservationId: string,
    events: EventsFor<ReservationRecord>,
  ): Promise<ReservationRecord | undefined>;
  /**
   * Returns held stock. Unknown ids get a released tombstone so a late reserve can't resurrect
   * them. `change`: what the ledger records (a release or an expiry, by whom, why).
   */
  release(
    reservationId: string,
    change: Pick<LedgerContext, 'kind' | 'actor' | 'reason'>,
    events: EventsFor<ReservationRecord>,
  ): Promise<ReservationRecord>;
  find(reservationId: string): Promise<ReservationRecord | undefined>;
  /** Ids of reservations still holding stock after their expiry. */
  expired(now: string, limit: number): Promise<string[]>;
}

/**
 * An outbox of the product service, in the database of the changes its events describe; the
 * platform's relay drains it. Its ids are the events' ids.
 */
export interface OutboxStore extends RelayedOutboxStore {
  append(events: EventEnvelope[]): Promise<void>;
  pendingCount(): Promise<number>;
}

/** The outbox beside the stock, and the inbox of consumed events (their handlers move stock). */
export interface EventStore extends OutboxStore {
  /** Records a consumed event id; false when it was already recorded. */
  recordHandled(consumer: string, eventId: string): Promise<boolean>;
}

export interface CatalogStore {
  products: ProductStore;
  stock: StockStore;
  /** Where the stock is; always beside it in SQL. */
  locations: StockLocationStore;
  /** Stock events' outbox and the inbox. */
  events: EventStore;
  /**
   * The outbox of product changes: `events` itself when products and stock share a database,
   * the product documents' own outbox when they live apart. The relay drains each it is given.
   */
  productEvents: OutboxStore;
  /** Reviews, verified purchases and rating aggregates; in SQL beside the stock. */
  reviews: ReviewStore;
  /** The shop's content pages; in SQL beside the stock. */
  pages: ContentPageStore;
  ping(): Promise<void>;
  close(): Promise<void>;
}
