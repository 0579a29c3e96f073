// For polling loops (outbox relays, delivery workers): sleep until the next poll unless someone
// has new work and kicks. A kick while the loop is busy makes its next sleep return at once.
export interface WakeSignal {
  sleep(ms: number): Promise<void>;
  kick(): void;
}

export function createWakeSignal(): WakeSignal {
  let kicked = false;
  let wake: (() => void) | undefined;
  return {
    sleep(ms) {
      if (kicked) {
        kicked = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wake = undefined;
          kicked = false;
          resolve();
        }
        wake = done;
      });
    },
    kick() {
      kicked = true;
      wake?.();
    },
  };
}
