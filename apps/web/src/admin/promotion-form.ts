// The admin's promotion form: what is typed, checked before sending, turned into the API's
// body; and a promotion described in one line for the list.
import { formatMoney, minorUnitDigits, type Promotion, type PromotionCreate } from '@emporium/api-client';
import { compact, type FieldErrors } from '../components/form';
import { toMinorUnits } from '../components/money-input';

export type PromotionKind = PromotionCreate['kind'];

export interface PromotionForm {
  name: string;
  kind: PromotionKind;
  /** Empty: automatic. */
  code: string;
  percent: string;
  amount: string;
  currency: string;
  buyQuantity: string;
  getQuantity: string;
  minSubtotal: string;
  startsAt: string;
  endsAt: string;
  usageLimit: string;
  perCustomerLimit: string;
  exclusive: boolean;
}

export const emptyPromotionForm = (currency: string): PromotionForm => ({
  name: '',
  kind: 'percentage',
  code: '',
  percent: '',
  amount: '',
  currency,
  buyQuantity: '',
  getQuantity: '',
  minSubtotal: '',
  startsAt: '',
  endsAt: '',
  usageLimit: '',
  perCustomerLimit: '',
  exclusive: false,
});

export const KIND_LABELS: Record<PromotionKind, string> = {
  percentage: 'Percentage off',
  fixed: 'Amount off',
  free_shipping: 'Free shipping',
  buy_x_get_y: 'Buy X, get Y free',
};

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/;
const PERCENT = /^(100(\.0{1,4})?|\d{1,2}(\.\d{1,4})?)$/;
const WHOLE = /^[1-9]\d{0,8}$/;

const count = (text: string) => (text.trim() ? Number(text.trim()) : undefined);
/** A local date-time input ("2026-12-24T09:00") as an instant, or undefined when empty. */
const instant = (text: string) => (text ? new Date(text).toISOString() : undefined);

/** Field errors of the form before it is sent; empty when it may be sent. */
export function validatePromotion(form: PromotionForm): FieldErrors {
  const digits = minorUnitDigits(form.currency);
  const amountError = (text: string, optional: boolean) => {
    if (!text.trim()) return optional ? undefined : 'Enter an amount.';
    const amount = toMinorUnits(text, digits);
    if (amount === undefined) return `A number with at most ${digits} decimals.`;
    return amount > 0 ? undefined : 'Must be more than 0.';
  };
  const wholeError = (text: string, optional: boolean) => {
    if (!text.trim()) return optional ? undefined : 'Enter a number.';
    return WHOLE.test(text.trim()) ? undefined : 'A whole number from 1.';
  };
  return compact({
    name: form.name.trim() ? undefined : 'Enter a name.',
    code:
      form.code && !CODE.test(form.code)
        ? 'Letters, digits, - and _ (2 to 40), or empty for an automatic promotion.'
        : undefined,
    percent:
      form.kind !== 'percentage'
        ? undefined
        : !PERCENT.test(form.percent.trim()) || Number(form.percent) === 0
          ? 'A percentage above 0 and up to 100, e.g. 15 or 7.5.'
          : undefined,
    amount: form.kind === 'fixed' ? amountError(form.amount, false) : undefined,
    buyQuantity: form.kind === 'buy_x_get_y' ? wholeError(form.buyQuantity, false) : undefined,
    getQuantity: form.kind === 'buy_x_get_y' ? wholeError(form.getQuantity, false) : undefined,
    minSubtotal: amountError(form.minSubtotal, true),
    endsAt:
      form.startsAt && form.endsAt && form.endsAt <= form.startsAt ? 'Must be after the start.' : undefined,
    usageLimit: wholeError(form.usageLimit, true),
    perCustomerLimit: wholeError(form.perCustomerLimit, true),
  });
}

/** The API's body for a form that passed `validatePromotion`: only the fields its kind uses. */
export function toPromotionCreate(form: PromotionForm): PromotionCreate {
  const digits = minorUnitDigits(form.currency);
  const needsCurrency = form.kind === 'fixed' || form.minSubtotal.trim() !== '';
  return {
    name: form.name.trim(),
    kind: form.kind,
    code: form.code || undefined,
    percent: form.kind === 'percentage' ? form.percent.trim() : undefined,
    amount: form.kind === 'fixed' ? toMinorUnits(form.amount, digits) : undefined,
    currency: needsCurrency ? form.currency : undefined,
    buyQuantity: form.kind === 'buy_x_get_y' ? count(form.buyQuantity) : undefined,
    getQuantity: form.kind === 'buy_x_get_y' ? count(form.getQuantity) : undefined,
    minSubtotal: form.minSubtotal.trim() ? toMinorUnits(form.minSubtotal, digits) : undefined,
    exclusive: form.exclusive,
    startsAt: instant(form.startsAt),
    endsAt: instant(form.endsAt),
    usageLimit: count(form.usageLimit),
    perCustomerLimit: count(form.perCustomerLimit),
  };
}

/** "15 % off", "€5.00 off orders from €50.00", "Buy 2, get 1 free". */
export function describeOffer(promotion: Promotion): string {
  const money = (amount: number) => formatMoney({ amount, currency: promotion.currency ?? 'USD' });
  const offer =
    promotion.kind === 'percentage'
      ? `${promotion.percent} % off`
      : promotion.kind === 'fixed'
        ? `${money(promotion.amount ?? 0)} off`
        : promotion.kind === 'free_shipping'
          ? 'Free shipping'
          : `Buy ${promotion.buyQuantity}, get ${promotion.getQuantity} free`;
  return promotion.minSubtotal ? `${offer} on orders from ${money(promotion.minSubtotal)}` : offer;
}

/** When a promotion runs, in the admin's locale: "from 1 Dec", "until 24 Dec", "always". */
export function describeWindow(promotion: Promotion, now = Date.now()): string {
  const date = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
  if (promotion.endsAt && Date.parse(promotion.endsAt) <= now) return `Ended ${date(promotion.endsAt)}`;
  if (promotion.startsAt && Date.parse(promotion.startsAt) > now) {
    return promotion.endsAt
      ? `${date(promotion.startsAt)} – ${date(promotion.endsAt)}`
      : `From ${date(promotion.startsAt)}`;
  }
  return promotion.endsAt ? `Until ${date(promotion.endsAt)}` : 'No end date';
}
