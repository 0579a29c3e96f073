// The pricing service's quote: what a cart costs at its destination, line by line. One POST per
// checkout over the keep-alive pool of http.ts. A refusal (no region for the country, another
// currency, an option not offered) is the shopper's to fix and is passed on as it came; silence
// is a 503 the shopper may retry.
import type { Quote, QuoteRequest } from '@emporium/contracts/pricing';
import { HttpProblem, PROBLEM_BASE, problems } from '@emporium/platform';
import { callJson, TransientCallError, UnexpectedAnswerError } from './http.js';

/** internalToken: the shared INTERNAL_TOKEN (the pricing service refuses /internal/* without it). */
export function pricingClient(baseUrl: string, timeoutMs: number, internalToken?: string) {
  const quotesUrl = new URL('/internal/quotes', baseUrl).toString();
  return {
    async quote(request: QuoteRequest): Promise<Quote> {
      let answer: Awaited<ReturnType<typeof callJson<Quote & { type?: string; detail?: string }>>>;
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
        const slug = answer.body.type.slice(PROBLEM_BASE.length);
        throw new HttpProblem(422, slug, 'Cannot be priced', answer.body.detail);
      }
      throw new UnexpectedAnswerError('pricing quote', answer);
    },
  };
}

export type PricingClient = ReturnType<typeof pricingClient>;
