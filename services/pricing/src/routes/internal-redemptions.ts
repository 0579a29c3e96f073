// The order service's checkout redeems the promotions its quote applied (a saga step after the
// quote, before payment) and releases them when the checkout fails. Both are keyed by the order,
// so a retried step changes nothing. A use beyond a limit is a 409 naming the promotion: the
// checkout is refused rather than charged a price the shopper did not see.
import { Redemption, RedemptionRequest } from '@emporium/contracts/promotions';
import { HttpProblem, problems, refusals, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { PricingContext } from '../context.js';
import { type RedeemOutcome, redemptionsRepository as redemptions } from '../repositories/redemptions.js';

const OrderParams = Type.Object({ orderId: Type.String({ format: 'uuid' }) });

export function registerInternalRedemptionRoutes(app: ServiceApp, ctx: PricingContext): void {
  app.post(
    '/internal/redemptions',
    {
      schema: {
        summary: "Redeem the promotions an order's quote applied (again: no change)",
        description:
          '409 coupon-limit-reached (with promotionId) when a usage limit, total or per customer, ' +
          'is used up; 409 redemption-released when the order released its promotions first (its ' +
          'checkout ended before this redemption arrived); 422 promotion-not-found when a promotion was deleted meanwhile.',
        body: RedemptionRequest,
        response: { 200: Redemption, ...refusals(409, 422) },
      },
    },
    async (request) => {
      const { orderId, customerId, promotions } = request.body;
      // The usual checkout holds one promotion: one statement redeems it, with no BEGIN or COMMIT
      // round trip. What that does not decide is decided below, in a transaction.
      const [only] = promotions;
      if (
        promotions.length === 1 &&
        only &&
        (await redemptions.redeemedInOneStatement(ctx.db, orderId, customerId, only))
      ) {
        return { orderId, promotionIds: [only.promotionId] };
      }
      // A refusal throws inside the transaction, so the uses taken before it are rolled back.
      const refused = await ctx.db
        .transaction(async (tx) => {
          const outcome = await redemptions.redeem(tx, orderId, customerId, promotions);
          if (!outcome.redeemed) throw new RedemptionRefused(outcome);
          return undefined;
        })
        .catch((error: unknown) => {
          if (error instanceof RedemptionRefused) return error.outcome;
          throw error;
        });
      if (refused) {
        if (refused.reason === 'gone') {
          throw problems.unprocessable('A promotion of this quote no longer exists.', 'promotion-not-found');
        }
        if (refused.reason === 'released') {
          throw new HttpProblem(
            409,
            'redemption-released',
            'Checkout already ended',
            "This order's promotions were released: its checkout ended before this redemption arrived.",
          );
        }
        throw new HttpProblem(
          409,
          'coupon-limit-reached',
          'Promotion used up',
          refused.reason === 'customer-limit-reached'
            ? 'You have used this promotion as often as it may be used.'
            : 'This promotion has just been used as often as it may be; your order was not placed.',
          { promotionId: refused.promotionId, reason: refused.reason },
        );
      }
      return { orderId, promotionIds: promotions.map((p) => p.promotionId) };
    },
  );

  app.post(
    '/internal/redemptions/:orderId/release',
    {
      schema: {
        summary: 'Release every promotion an order holds (its checkout failed); again: no change',
        params: OrderParams,
        response: { 200: Redemption },
      },
    },
    async (request) => {
      const { orderId } = request.params;
      const released = await ctx.db.transaction((tx) => redemptions.release(tx, orderId));
      return { orderId, promotionIds: released };
    },
  );
}

class RedemptionRefused extends Error {
  constructor(readonly outcome: Exclude<RedeemOutcome, { redeemed: true }>) {
    super(`redemption refused: ${outcome.reason}`);
  }
}
