// Schedules the outbox relay loops of one process. A kick (a producer committed events) wakes one
// idle loop, not all of them: the others would only run empty claim queries. A loop whose batch
// came back full wakes another, so a backlog is relayed by every loop at once. Idle loops still
// poll, for events committed by other processes and for claims that expired. Passes that follow
// kicks are spaced evenly over all loops (minPassIntervalMs / loops apart), not per loop: loops
// spaced each on its own clock fell into step after a backlog, and then an event committed just
// after their passes waited the whole interval for the next one.

export interface RelayLoopsOptions {
  loops: number;
  batchSize: number;
  idleDelayMs: number;
  /**
   * Least time between the starts of two passes of one loop that did not fill a batch, on
   * average: passes of all loops are kept minPassIntervalMs / loops apart. A pass costs a few
   * database and broker round trips however few events it carries; when producers kick the relay
   * continuously, spacing passes lets each carry many events. A kick after a quiet spell is
   * relayed at once, since the last pass is long past.
   */
  minPassIntervalMs?: number;
  /** Relays one batch; returns how many events it published. */
  relayOnce: () => Promise<number>;
  onError?: (error: unknown) => void;
}

export interface RelayLoops {
  start(): void;
  kick(): void;
  stop(): Promise<void>;
}

export function createRelayLoops(options: RelayLoopsOptions): RelayLoops {
  let running = false;
  let loops: Promise<void>[] = [];
  // Wake-ups of the idle loops, longest idle first.
  const idle: (() => void)[] = [];
  // Set when a kick finds every loop busy: a busy loop may have claimed before the commit.
  let missedKick = false;

  const wakeOne = (): boolean => {
    const wake = idle.shift();
    wake?.();
    return wake !== undefined;
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      // Stopped during the pass that just ended: stop() has already woken every idle loop.
      if (!running) return resolve();
      const wake = () => {
        clearTimeout(timer);
        const index = idle.indexOf(wake);
        if (index >= 0) idle.splice(index, 1);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      idle.push(wake);
    });

  const passGapMs = (options.minPassIntervalMs ?? 0) / options.loops;
  // The earliest start of a spaced pass: each pass started or booked pushes it one gap later, so
  // two loops woken together take turns instead of both starting now.
  let nextPassAt = 0;
  const spaced = async () => {
    const at = Math.max(Date.now(), nextPassAt);
    nextPassAt = at + passGapMs;
    const early = at - Date.now();
    if (running && early > 0) await new Promise((resolve) => setTimeout(resolve, early));
  };

  async function run(): Promise<void> {
    while (running) {
      let published: number;
      nextPassAt = Math.max(nextPassAt, Date.now() + passGapMs);
      try {
        published = await options.relayOnce();
      } catch (error) {
        options.onError?.(error);
        await sleep(Math.max(options.idleDelayMs, 500));
        continue;
      }
      if (published >= options.batchSize) {
        wakeOne();
      } else if (missedKick) {
        missedKick = false;
        await spaced();
      } else {
        await sleep(options.idleDelayMs);
        await spaced();
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loops = Array.from({ length: options.loops }, run);
    },
    kick() {
      if (running && !wakeOne()) missedKick = true;
    },
    async stop() {
      running = false;
      while (wakeOne());
      await Promise.all(loops);
      loops = [];
    },
  };
}
