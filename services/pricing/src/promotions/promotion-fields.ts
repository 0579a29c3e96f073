// A promotion as sent has one shape for every kind; each kind takes only its own fields. Checked
// after the schema so that a refusal names the field (body.percent) rather than a union branch.

import { isSupportedCurrency } from '@emporium/contracts/currencies';
import type { NewPromotion, PromotionKind, PromotionPatch } from '@emporium/contracts/promotions';
import { type FieldError, problems } from '@emporium/platform';
import { percentToPpm } from '../money/rates.js';

const FIELDS_OF_KIND: Record<PromotionKind, readonly string[]> = {
  percentage: ['percent'],
  fixed: ['amount', 'currency'],
  free_shipping: [],
  buy_x_get_y: ['buyQuantity', 'getQuantity'],
};
const KIND_FIELDS = ['percent', 'amount', 'buyQuantity', 'getQuantity'] as const;

/** A promotion that takes nothing off is a mistake: 0 % or an amount of 0 is refused. */
function somethingOff(fields: { percent?: string; amount?: number }, errors: FieldError[]) {
  if (fields.percent !== undefined && percentToPpm(fields.percent) === 0) {
    errors.push({ field: 'body.percent', message: 'must be more than 0' });
  }
  if (fields.amount === 0) errors.push({ field: 'body.amount', message: 'must be more than 0' });
}

function datesInOrder(
  startsAt: string | null | undefined,
  endsAt: string | null | undefined,
  errors: FieldError[],
) {
  if (startsAt && endsAt && Date.parse(startsAt) >= Date.parse(endsAt)) {
    errors.push({ field: 'body.endsAt', message: 'must be after startsAt' });
  }
}

/** Refuses (400) a new promotion whose fields do not fit its kind. */
export function checkNewPromotion(body: NewPromotion): void {
  const wanted = FIELDS_OF_KIND[body.kind];
  const errors: FieldError[] = [];
  for (const field of [...KIND_FIELDS, 'currency'] as const) {
    const present = body[field] !== undefined;
    if (wanted.includes(field) && !present) {
      errors.push({ field: `body.${field}`, message: `is required for a ${body.kind} promotion` });
    }
    if (!wanted.includes(field) && present && field !== 'currency') {
      errors.push({ field: `body.${field}`, message: `is not used by a ${body.kind} promotion` });
    }
  }
  if (body.minSubtotal !== undefined && body.currency === undefined) {
    errors.push({ field: 'body.currency', message: 'is required with minSubtotal (an amount in it)' });
  }
  if (body.currency !== undefined && !isSupportedCurrency(body.currency)) {
    errors.push({ field: 'body.currency', message: 'is not a supported currency' });
  }
  somethingOff(body, errors);
  datesInOrder(body.startsAt, body.endsAt, errors);
  if (errors.length > 0) throw problems.validation(errors);
}

/** Refuses (400) a patch that sets a field the promotion's kind does not use. */
export function checkPatch(
  kind: PromotionKind,
  current: { startsAt?: string; endsAt?: string; currency?: string },
  patch: PromotionPatch,
): void {
  const errors: FieldError[] = [];
  for (const field of KIND_FIELDS) {
    if (patch[field] !== undefined && !FIELDS_OF_KIND[kind].includes(field)) {
      errors.push({ field: `body.${field}`, message: `is not used by a ${kind} promotion` });
    }
  }
  if (patch.minSubtotal !== undefined && patch.minSubtotal !== null && current.currency === undefined) {
    errors.push({ field: 'body.minSubtotal', message: 'needs a promotion with a currency' });
  }
  somethingOff(patch, errors);
  datesInOrder(
    patch.startsAt === undefined ? current.startsAt : patch.startsAt,
    patch.endsAt === undefined ? current.endsAt : patch.endsAt,
    errors,
  );
  if (errors.length > 0) throw problems.validation(errors);
}
