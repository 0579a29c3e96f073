// The shipping methods checkout offers at the destination: the region's own active options whose
// code is a method the order service takes. Until the region's options are known (or when they
// cannot be read) standard and express are offered, and the shop's totals and the order service
// still refuse a method the region does not have.
import type { Region, ShippingMethod } from '@emporium/api-client';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../app/api-context';

export interface ShippingChoice {
  method: ShippingMethod;
  label: string;
}

const METHODS: readonly ShippingMethod[] = ['standard', 'express', 'pickup'];
const LABELS: Record<ShippingMethod, string> = {
  standard: 'Standard',
  express: 'Express',
  pickup: 'Pickup',
};
const UNTIL_KNOWN: ShippingChoice[] = [
  { method: 'standard', label: LABELS.standard },
  { method: 'express', label: LABELS.express },
];

export function useShippingChoices(region: Region | undefined): {
  choices: ShippingChoice[];
  /** Whether the choices are the region's own rather than the default pair. */
  known: boolean;
} {
  const api = useApi();
  const options = useQuery({
    queryKey: ['regions', region?.id, 'shipping-options'],
    queryFn: ({ signal }) => api.catalog.shippingOptions(region!.id, signal),
    enabled: Boolean(region),
    staleTime: 10 * 60_000,
  });
  if (!options.data) return { choices: UNTIL_KNOWN, known: false };
  const choices = METHODS.flatMap((method) => {
    const option = options.data.find((o) => o.code === method && o.active);
    if (!option) return [];
    // A pickup is named after where it is collected; delivery speeds keep their plain names.
    return [{ method, label: method === 'pickup' ? `${LABELS.pickup}: ${option.name}` : LABELS[method] }];
  });
  return { choices, known: true };
}
