// A promotion as the admin API answers it.
import type { Promotion } from '@emporium/contracts/promotions';
import { ppmToPercent } from '../money/rates.js';
import type { StoredPromotion } from '../repositories/promotions.js';

export function toPromotion({ rule, state }: StoredPromotion): Promotion {
  return {
    id: rule.id,
    name: rule.name,
    kind: rule.kind,
    ...(rule.code !== undefined && { code: rule.code }),
    ...(rule.percentPpm !== undefined && { percent: ppmToPercent(rule.percentPpm) }),
    ...(rule.amount !== undefined && { amount: rule.amount }),
    ...(rule.currency !== undefined && { currency: rule.currency }),
    ...(rule.buyQuantity !== undefined && { buyQuantity: rule.buyQuantity }),
    ...(rule.getQuantity !== undefined && { getQuantity: rule.getQuantity }),
    target: rule.target,
    ...(rule.minSubtotal !== undefined && { minSubtotal: rule.minSubtotal }),
    exclusive: rule.exclusive,
    ...(state.startsAt && { startsAt: state.startsAt.toISOString() }),
    ...(state.endsAt && { endsAt: state.endsAt.toISOString() }),
    ...(state.usageLimit !== undefined && { usageLimit: state.usageLimit }),
    ...(state.perCustomerLimit !== undefined && { perCustomerLimit: state.perCustomerLimit }),
    status: state.status,
    used: state.used,
  };
}
