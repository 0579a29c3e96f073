// The admin's shipping option form (a code, a name and a rule of one kind) and a rule described in
// words for the region's table.
import {
  formatMoney,
  minorUnitDigits,
  type ShippingOption,
  type ShippingOptionCreate,
} from '@emporium/api-client';
import { compact, type FieldErrors } from '../components/form';
import { toMinorUnits } from '../components/money-input';

export type ShippingKind = ShippingOptionCreate['rule']['kind'];
type Rule = ShippingOptionCreate['rule'];

export interface ShippingOptionForm {
  code: string;
  name: string;
  kind: ShippingKind;
  amount: string;
  freeFrom: string;
  /** "1000=4.95, 5000=9.95": up to so many grams costs so much. */
  bands: string;
}

export const emptyShippingOptionForm: ShippingOptionForm = {
  code: '',
  name: '',
  kind: 'flat',
  amount: '',
  freeFrom: '',
  bands: '',
};

export const SHIPPING_KIND_LABELS: Record<ShippingKind, string> = {
  flat: 'Flat rate',
  free_over: 'Flat rate, free over a threshold',
  weight_bands: 'By weight',
  pickup: 'Pickup',
};

const CODE = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The bands of "1000=4.95, 5000=9.95", or undefined when the text is not that. */
function parseBands(text: string, digits: number): { upToGrams: number; amount: number }[] | undefined {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  const bands = entries.map((entry) => {
    const [grams, price] = entry.split('=').map((part) => part?.trim() ?? '');
    const upToGrams = /^[1-9]\d{0,7}$/.test(grams ?? '') ? Number(grams) : undefined;
    const amount = toMinorUnits(price ?? '', digits);
    return upToGrams === undefined || amount === undefined ? undefined : { upToGrams, amount };
  });
  if (bands.some((band) => band === undefined)) return undefined;
  const weights = bands.map((band) => band!.upToGrams);
  return new Set(weights).size === weights.length
    ? (bands as { upToGrams: number; amount: number }[])
    : undefined;
}

export function validateShippingOption(form: ShippingOptionForm, currency: string): FieldErrors {
  const digits = minorUnitDigits(currency);
  const money = (text: string) =>
    toMinorUnits(text, digits) === undefined ? `A price with at most ${digits} decimals.` : undefined;
  return compact({
    code: CODE.test(form.code) ? undefined : 'Lower-case letters, digits and dashes (up to 32).',
    name: form.name.trim() ? undefined : 'Enter a name.',
    amount: form.kind === 'flat' || form.kind === 'free_over' ? money(form.amount) : undefined,
    freeFrom: form.kind === 'free_over' ? money(form.freeFrom) : undefined,
    bands:
      form.kind === 'weight_bands' && !parseBands(form.bands, digits)
        ? 'Grams=price pairs with distinct weights, e.g. 1000=4.95, 5000=9.95.'
        : undefined,
  });
}

/** The API's body for a form that passed `validateShippingOption`. */
export function toShippingOptionCreate(form: ShippingOptionForm, currency: string): ShippingOptionCreate {
  const digits = minorUnitDigits(currency);
  const rule: Rule =
    form.kind === 'flat'
      ? { kind: 'flat', amount: toMinorUnits(form.amount, digits) }
      : form.kind === 'free_over'
        ? {
            kind: 'free_over',
            amount: toMinorUnits(form.amount, digits),
            freeFrom: toMinorUnits(form.freeFrom, digits),
          }
        : form.kind === 'weight_bands'
          ? { kind: 'weight_bands', bands: parseBands(form.bands, digits) }
          : { kind: 'pickup' };
  return { code: form.code, name: form.name.trim(), rule };
}

/** "€4.95", "€4.95, free from €50.00", "up to 1 kg €4.95 · up to 5 kg €9.95", "Free (pickup)". */
export function describeRule(rule: ShippingOption['rule'], currency: string): string {
  const money = (amount = 0) => formatMoney({ amount, currency });
  const weight = (grams: number) => (grams % 1000 === 0 ? `${grams / 1000} kg` : `${grams} g`);
  switch (rule.kind) {
    case 'flat':
      return money(rule.amount);
    case 'free_over':
      return `${money(rule.amount)}, free from ${money(rule.freeFrom)}`;
    case 'weight_bands':
      return (rule.bands ?? [])
        .map((band) => `up to ${weight(band.upToGrams)} ${money(band.amount)}`)
        .join(' · ');
    default:
      return 'Free (pickup)';
  }
}
