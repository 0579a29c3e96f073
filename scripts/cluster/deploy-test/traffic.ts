// Continuous shopper traffic while the cluster is disturbed: each shopper checks out in a loop
// (cart, line, order, wait for confirmation) and, when a catalog word is given, also reads the
// catalog in a loop of its own (a search that must find that word's product). Every failed step
// is recorded. The pace keeps each shopper under the gateway's limits: 20 orders a minute per
// user for checkouts, 1,200 requests a minute per user in all.
import { RequestFailed } from './api.js';
import { checkOut, type Shopper, search, waitConfirmed } from './shopper.js';

const MIN_CHECKOUT_INTERVAL_MS = 3_500;
const MIN_READ_INTERVAL_MS = 1_000;

export interface TrafficReport {
  confirmed: number;
  reads: number;
  failures: string[];
}

export class ShopperTraffic {
  private running = true;
  private readonly loops: Promise<void>[];
  private readonly report: TrafficReport = { confirmed: 0, reads: 0, failures: [] };

  constructor(shoppers: Shopper[], sku: string, catalogWord?: string) {
    this.loops = shoppers.map((shopper) =>
      this.paced(MIN_CHECKOUT_INTERVAL_MS, async () => {
        const orderId = await checkOut(shopper, sku);
        await waitConfirmed(shopper, orderId);
        this.report.confirmed += 1;
      }),
    );
    if (catalogWord !== undefined) {
      for (const shopper of shoppers) {
        this.loops.push(
          this.paced(MIN_READ_INTERVAL_MS, async () => {
            const found = await search(catalogWord, shopper.token);
            if (!found.includes(catalogWord)) {
              throw new Error(`the search for ${catalogWord} did not find it: ${found.join(', ')}`);
            }
            this.report.reads += 1;
          }),
        );
      }
    }
  }

  private async paced(intervalMs: number, step: () => Promise<void>): Promise<void> {
    while (this.running) {
      const started = Date.now();
      try {
        await step();
      } catch (error) {
        this.report.failures.push(
          `${new Date().toISOString()} ${error instanceof RequestFailed ? error.message : String(error)}`,
        );
      }
      const rest = intervalMs - (Date.now() - started);
      if (rest > 0 && this.running) await new Promise((resolve) => setTimeout(resolve, rest));
    }
  }

  /** Confirmed checkouts so far; the phases wait for progress, not for a time. */
  get confirmed(): number {
    return this.report.confirmed;
  }

  /** Successful catalog reads so far. */
  get reads(): number {
    return this.report.reads;
  }

  async stop(): Promise<TrafficReport> {
    this.running = false;
    await Promise.all(this.loops);
    return this.report;
  }
}
