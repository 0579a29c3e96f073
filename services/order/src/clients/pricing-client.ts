// The pricing service: the quote (what a cart costs at its destination, line by line, with its
// promotions) and the redemption of the promotions a checkout's quote applied. One POST per call
// over the keep-alive pool of http.ts. A refusal of the quote (no region for the country, another
// currency, a coupon that does not apply) is the shopper's to fix and is passed on as it came,
// with its `reason` and `field`; silence is a 503 the shopper may retry.
import type { Quote, QuoteRequest, RegionList } from '@emporium/contracts/pricing';
import { HttpProblem, PROBLEM_BASE, problems } from '@emporium/platform';
import { callJson, TransientCallError, UnexpectedAnswerError } from './http.js';

/** How long a country's region currency is reused. */
const REGION_CACHE_MS = 60_000;

export type RedeemOutcome = { redeemed: true } | { redeemed: false; code: string; reason: string };

interface ProblemAnswer {
  type?: string;
  detail?: string;
  reason?: string;
  field?: string;
}

/** internalToken: the shared INTERNAL_TOKEN (the pricing service refuses /internal/* without it). */
export function pricingClient(baseUrl: string, timeoutMs: number, internalToken?: string) {
  const url = (path: string) => new URL(path, baseUrl).toString();
  const quotesUrl = url('/internal/quotes');
  const redemptionsUrl = url('/internal/redemptions');
  const currencies = new Map<string, { expires: number; currency: Promise<string | undefined> }>();
  async function readCurrency(country: string): Promise<string | undefined> {
    let answer: Awaited<ReturnType<typeof callJson<RegionList>>>;
    try {
      answer = await callJson({
        method: 'GET',
        url: url(`/internal/regions?country=${encodeURIComponent(country)}`),
        timeoutMs,
        internalToken,
      });
    } catch (error) {
      if (error instanceof TransientCallError) {
        throw problems.unavailable(
          'Prices could not be worked out just now; please try again.',
          'pricing-unavailable',
        );
      }
      throw error;
    }
    if (answer.status !== 200) throw new UnexpectedAnswerError('pricing regions', answer);
    return answer.body.regions[0]?.currency;
  }

  return {
    /**
     * The currency of the region that sells to `country`, which a cart's lines are priced in
     * there; undefined when no region does (the quote then says country-not-served).
     */
    currencyFor(country: string): Promise<string | undefined> {
      // A region's currency never changes and countries rarely move between regions: one read
      // per country a minute, shared by concurrent checkouts, instead of one per checkout.
      const cached = currencies.get(country);
      if (cached && cached.expires > Date.now()) return cached.currency;
      const currency = readCurrency(country);
      currencies.set(country, { expires: Date.now() + REGION_CACHE_MS, currency });
      currency.catch(() => currencies.delete(country));
      return currency;
    },

    async quote(request: QuoteRequest): Promise<Quote> {
      let answer: Awaited<ReturnType<typeof callJson<Quote & ProblemAnswer>>>;
      try {
        answer = await callJson({ method: 'POST', url: quotesUrl, body: request, timeoutMs, internalToken });
      } catch (error) {
        if (error instanceof TransientCallError) {
          throw problems.unavailable(
            'Prices could not be worked out just now; please try again.',
            'pricing-unavailable',
          );
        }
        throw error;
      }
      if (answer.status === 200) return answer.body;
      if (answer.status === 422 && answer.body.type?.startsWith(PROBLEM_BASE)) {
        const { type, detail, reason, field } = answer.body;
        const slug = type.slice(PROBLEM_BASE.length);
        throw new HttpProblem(422, slug, 'Cannot be priced', detail, {
          ...(reason && { reason }),
          ...(field && { field }),
        });
      }
      throw new UnexpectedAnswerError('pricing quote', answer);
    },

    /** Takes one use of each promotion for the order; again for the same order: no change. */
    async redeem(
      orderId: string,
      customerId: string | undefined,
      promotions: { promotionId: string; amount: number }[],
    ): Promise<RedeemOutcome> {
      const answer = await callJson<ProblemAnswer>({
        method: 'POST',
        url: redemptionsUrl,
        body: { orderId, ...(customerId && { customerId }), promotions },
        timeoutMs,
        internalToken,
      });
      if (answer.status === 200) return { redeemed: true };
      if ((answer.status === 409 || answer.status === 422) && answer.body.type?.startsWith(PROBLEM_BASE)) {
        return {
          redeemed: false,
          code: answer.body.type.slice(PROBLEM_BASE.length),
          reason: answer.body.detail ?? 'A promotion of this order can no longer be used.',
        };
      }
      throw new UnexpectedAnswerError('promotion redemption', answer);
    },

    /** Gives back every use the order holds; again: no change. */
    async release(orderId: string): Promise<void> {
      const answer = await callJson({
        method: 'POST',
        url: `${redemptionsUrl}/${orderId}/release`,
        timeoutMs,
        internalToken,
      });
      if (answer.status !== 200) throw new UnexpectedAnswerError('promotion release', answer);
    },
  };
}

export type PricingClient = ReturnType<typeof pricingClient>;
