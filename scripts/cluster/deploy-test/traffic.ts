// Continuous shopper traffic while the cluster is disturbed: each shopper checks out in a loop
// (cart, line, order, wait for confirmation) and every failed step is recorded. The pace keeps
// each shopper under the gateway's checkout limit (20 orders a minute per user).
import { RequestFailed } from './api.js';
import { checkOut, type Shopper, waitConfirmed } from './shopper.js';

const MIN_CHECKOUT_INTERVAL_MS = 3_500;

export interface TrafficReport {
  confirmed: number;
  failures: string[];
}

export class ShopperTraffic {
  private running = true;
  private readonly loops: Promise<void>[];
  private readonly report: TrafficReport = { confirmed: 0, failures: [] };

  constructor(shoppers: Shopper[], sku: string) {
    this.loops = shoppers.map((shopper) => this.loop(shopper, sku));
  }

  private async loop(shopper: Shopper, sku: string): Promise<void> {
    while (this.running) {
      const started = Date.now();
      try {
        const orderId = await checkOut(shopper, sku);
        await waitConfirmed(shopper, orderId);
        this.report.confirmed += 1;
      } catch (error) {
        this.report.failures.push(
          `${new Date().toISOString()} ${error instanceof RequestFailed ? error.message : String(error)}`,
        );
      }
      const rest = MIN_CHECKOUT_INTERVAL_MS - (Date.now() - started);
      if (rest > 0 && this.running) await new Promise((resolve) => setTimeout(resolve, rest));
    }
  }

  /** Confirmed checkouts so far; the phases wait for progress, not for a time. */
  get confirmed(): number {
    return this.report.confirmed;
  }

  async stop(): Promise<TrafficReport> {
    this.running = false;
    await Promise.all(this.loops);
    return this.report;
  }
}
