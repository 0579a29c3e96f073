// Steps of the request path that are synchronous in the common case (a remembered token, a synced
// count) and return a promise only when they must wait (a signature check, a Redis round trip).
// Run from callback-style hooks rather than async ones, the common case makes no promise and
// waits no microtask turn; `settle` hands a step's outcome to the hook's `done`.

/** Nothing when the step finished at once; a promise when it still waits. */
export type MaybePromise = void | Promise<void>;

/** Runs `step` and calls `done` once it finished: with its error if it threw or rejected. */
export function settle(step: () => MaybePromise, done: (error?: Error) => void): void {
  let result: MaybePromise;
  try {
    result = step();
  } catch (error) {
    done(error as Error);
    return;
  }
  if (result) result.then(() => done(), done);
  else done();
}
