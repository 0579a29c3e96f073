// The quick start's memory: V8 sizes its collections by the JavaScript heap, which stays small
// here, while the first run's big allocations are outside it (the demo seed's image buffers;
// PGlite's initdb runs in a child process of its own). Left alone they are collected late, and
// the first start held ~900 MB to use ~450. `npm start` runs this process with --expose-gc so
// that the seed can collect as it goes; without the flag these calls do nothing. A later start
// seeds nothing, and collecting every second through it only cost CPU: it collects once, before
// it listens.

const collect = (globalThis as { gc?: () => void }).gc;

/** Collects garbage now (when the process was started with --expose-gc). */
export function collectGarbage(): void {
  collect?.();
}

/** Runs `work`, collecting garbage every `everyMs` until it settles, and once after. */
export async function collectingGarbageWhile<T>(work: () => Promise<T>, everyMs = 1000): Promise<T> {
  const timer = collect ? setInterval(collect, everyMs) : undefined;
  try {
    return await work();
  } finally {
    clearInterval(timer);
    collectGarbage();
  }
}
