// Periodically releases reservations nobody committed in time.
import type { StockService } from './stock-service.js';

export function startReservationSweeper(
  stock: StockService,
  intervalMs: number,
  onError: (error: unknown) => void,
) {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= stock
      .sweep()
      .catch(onError)
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
