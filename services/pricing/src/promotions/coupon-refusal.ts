// Why a coupon the shopper entered is not applied: a 422 whose type names the reason
// (coupon-expired, coupon-not-started, coupon-not-applicable, coupon-limit-reached,
// coupon-unknown-code) and whose `field` names the input, so a client can show it by the field.
import { HttpProblem } from '@emporium/platform';

export type CouponReason = 'unknown-code' | 'expired' | 'not-started' | 'not-applicable' | 'limit-reached';

export function couponRefused(reason: CouponReason, detail: string): HttpProblem {
  return new HttpProblem(422, `coupon-${reason}`, 'Coupon not applied', detail, {
    reason,
    field: 'couponCode',
  });
}

export interface PromotionState {
  status: 'active' | 'paused';
  startsAt?: Date;
  endsAt?: Date;
  usageLimit?: number;
  perCustomerLimit?: number;
  used: number;
}

/**
 * Why a coupon cannot be used now by this customer, or undefined when it can. `customerUses` is
 * how many of the customer's orders hold it (0 for a guest, whom per-customer limits cannot count).
 */
export function couponUnusable(
  code: string,
  state: PromotionState,
  now: Date,
  customerUses: number,
): HttpProblem | undefined {
  if (state.status === 'paused') return couponRefused('not-applicable', `The coupon ${code} is paused.`);
  if (state.startsAt && now < state.startsAt) {
    return couponRefused(
      'not-started',
      `The coupon ${code} can be used from ${state.startsAt.toISOString()}.`,
    );
  }
  if (state.endsAt && now >= state.endsAt) {
    return couponRefused('expired', `The coupon ${code} expired on ${state.endsAt.toISOString()}.`);
  }
  if (state.usageLimit !== undefined && state.used >= state.usageLimit) {
    return couponRefused('limit-reached', `The coupon ${code} has been used as often as it may be.`);
  }
  if (state.perCustomerLimit !== undefined && customerUses >= state.perCustomerLimit) {
    return couponRefused('limit-reached', `You have used the coupon ${code} as often as it may be used.`);
  }
  return undefined;
}
