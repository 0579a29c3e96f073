// Reads the order service's past purchases (GET /internal/purchases), one page per call. An
// answer that is not a page of purchases is an error: the backfill stops rather than guess.
import { PurchasePage } from '@emporium/contracts/purchases';
import { internalTokenHeaders } from '@emporium/platform';
import { Value } from '@sinclair/typebox/value';

export type ReadPurchasePage = (after: string | undefined) => Promise<PurchasePage>;

export function orderPurchasesClient(options: {
  orderUrl: string;
  internalToken?: string | undefined;
  pageSize: number;
  timeoutMs: number;
}): ReadPurchasePage {
  return async (after) => {
    const url = new URL('/internal/purchases', options.orderUrl);
    url.searchParams.set('limit', String(options.pageSize));
    if (after) url.searchParams.set('after', after);
    const response = await fetch(url, {
      headers: { accept: 'application/json', ...internalTokenHeaders(options.internalToken) },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (response.status !== 200) {
      throw new Error(
        `GET ${url.pathname} answered ${response.status}: ${(await response.text()).slice(0, 500)}`,
      );
    }
    const page: unknown = await response.json();
    if (!Value.Check(PurchasePage, page))
      throw new Error(`GET ${url.pathname} answered something not a page of purchases`);
    return page;
  };
}
