// What the schema cannot say about a price list: its currencies are ones the shop knows, its
// entries are one price per SKU, currency and quantity, and it ends after it starts.
import { isSupportedCurrency } from '@emporium/contracts/currencies';
import type { PriceListEntry } from '@emporium/contracts/price-lists';
import { type FieldError, problems } from '@emporium/platform';

function checkEntries(entries: readonly PriceListEntry[] | undefined, errors: FieldError[]): void {
  const seen = new Set<string>();
  (entries ?? []).forEach((entry, index) => {
    if (!isSupportedCurrency(entry.currency)) {
      errors.push({ field: `body.entries.${index}.currency`, message: 'is not a supported currency' });
    }
    const key = `${entry.sku}|${entry.currency}|${entry.minQuantity ?? 1}`;
    if (seen.has(key)) {
      errors.push({
        field: `body.entries.${index}`,
        message: `prices ${entry.sku} in ${entry.currency} from ${entry.minQuantity ?? 1} units a second time`,
      });
    }
    seen.add(key);
  });
}

export function checkPriceListFields(
  body: { entries?: readonly PriceListEntry[] },
  startsAt: string | null | undefined,
  endsAt: string | null | undefined,
): void {
  const errors: FieldError[] = [];
  checkEntries(body.entries, errors);
  if (startsAt && endsAt && new Date(startsAt) >= new Date(endsAt)) {
    errors.push({ field: 'body.endsAt', message: 'must be after startsAt' });
  }
  if (errors.length > 0) throw problems.validation(errors);
}

/** The ids among `customerGroupIds` that are not groups, as 400s naming each. */
export function unknownGroups(requested: readonly string[], missing: readonly string[]): void {
  if (missing.length === 0) return;
  throw problems.validation(
    missing.map((id) => ({
      field: `body.customerGroupIds.${requested.indexOf(id)}`,
      message: 'is not a customer group',
    })),
  );
}
