// The shopper's region for the whole app: the region picker sets it, checkout sets it from the
// shipping country, and every catalog and cart read asks for prices in its currency and writes
// them in its locale.
import {
  type EmporiumClient,
  formatPrice,
  type Money,
  type Region,
  type TokenStorage,
} from '@emporium/api-client';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { DEFAULT_CURRENCY, localeOf, readRegionCode, regionByCode, writeRegionCode } from './region';

export interface RegionValue {
  regions: Region[];
  /** The chosen region, once the regions are known. */
  region: Region | undefined;
  /** What prices are asked in: the region's currency, USD until the regions are known. */
  currency: string;
  /** False until the remembered choice and the shop's regions have been read. */
  ready: boolean;
  choose(code: string): void;
  /** A price in the region's way of writing it; null (not sold in this currency) says so. */
  price(money: Money | null | undefined): string;
}

export const RegionContext = createContext<RegionValue | null>(null);

export function useRegion(): RegionValue {
  const value = useContext(RegionContext);
  if (value === null) throw new Error('useRegion is used outside <ShopProvider>.');
  return value;
}

export function useRegionState(client: EmporiumClient, storage: TokenStorage): RegionValue {
  const [regions, setRegions] = useState<Region[] | undefined>();
  const [code, setCode] = useState<string | undefined>();

  useEffect(() => {
    let current = true;
    readRegionCode(storage).then(
      (stored) => current && setCode((chosen) => chosen ?? stored),
      () => current && setCode((chosen) => chosen ?? ''),
    );
    // Without the regions the shop still sells in its default currency.
    client.catalog.regions().then(
      (list) => current && setRegions(list),
      () => current && setRegions([]),
    );
    return () => {
      current = false;
    };
  }, [client, storage]);

  const choose = useCallback(
    (next: string) => {
      setCode(next);
      writeRegionCode(storage, next).catch(() => {});
    },
    [storage],
  );

  return useMemo(() => {
    const list = regions ?? [];
    const region = code === undefined ? undefined : regionByCode(list, code);
    const currency = region?.currency ?? DEFAULT_CURRENCY;
    const locale = localeOf(currency);
    return {
      regions: list,
      region,
      currency,
      ready: regions !== undefined && code !== undefined,
      choose,
      price: (money) => formatPrice(money ?? null, locale),
    };
  }, [regions, code, choose]);
}
