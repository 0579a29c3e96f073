// The shopper's region for the whole app: the header's selector sets it, checkout sets it from
// the shipping country, and every catalog and cart read asks for prices in its currency.
import type { Region } from '@emporium/api-client';
import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { useApi } from '../app/api-context';
import { readRegionCode, writeRegionCode } from './region-state';

interface RegionState {
  regions: Region[];
  /** The chosen region, once the regions are known. */
  region: Region | undefined;
  /** What prices are asked in: the region's currency, USD until the regions are known. */
  currency: string;
  choose(code: string): void;
}

const RegionContext = createContext<RegionState | null>(null);

export function RegionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [code, setCode] = useState(() => readRegionCode(localStorage));
  const regions = useQuery({
    queryKey: ['regions'],
    queryFn: ({ signal }) => api.catalog.regions(undefined, signal),
    staleTime: 10 * 60_000,
  });
  const choose = useCallback((next: string) => {
    writeRegionCode(localStorage, next);
    setCode(next);
  }, []);
  const value = useMemo(() => {
    const list = regions.data ?? [];
    const region = list.find((r) => r.code === code) ?? list[0];
    return { regions: list, region, currency: region?.currency ?? 'USD', choose };
  }, [regions.data, code, choose]);
  return <RegionContext.Provider value={value}>{children}</RegionContext.Provider>;
}

export function useRegion(): RegionState {
  const state = useContext(RegionContext);
  if (!state) throw new Error('useRegion needs a RegionProvider');
  return state;
}
