// How many live feed streams one account may hold open in this process. Each stream keeps a socket,
// a heartbeat timer and a hub listener for as long as the token lives; without a bound, one account
// (a script, a leaked token, a tab that reopens in a loop) could hold thousands of them. A shopper
// with a few tabs and a phone stays below it. One more ends the oldest rather than refusing the new
// one: the oldest is the likeliest to be a tab nobody looks at any more.

export interface StreamQuota {
  /**
   * Counts a newly opened stream of the user; ends their oldest ones (`supersede`) while they hold
   * more than the quota. Returns the release to call once the stream has ended, for any reason.
   */
  admit(userId: string, supersede: () => void): () => void;
  /** Open streams of the user, for tests and logs. */
  openFor(userId: string): number;
}

export function createStreamQuota(maxPerUser: number): StreamQuota {
  // Per user, oldest first.
  const open = new Map<string, (() => void)[]>();
  const release = (userId: string, supersede: () => void) => {
    const streams = open.get(userId);
    const index = streams?.indexOf(supersede) ?? -1;
    if (!streams || index < 0) return;
    streams.splice(index, 1);
    if (streams.length === 0) open.delete(userId);
  };
  return {
    admit(userId, supersede) {
      const streams = open.get(userId) ?? [];
      open.set(userId, streams);
      streams.push(supersede);
      while (streams.length > maxPerUser) {
        // Out of the list before it is told, so its own release finds nothing left to do.
        const oldest = streams.shift()!;
        oldest();
      }
      return () => release(userId, supersede);
    },
    openFor: (userId) => open.get(userId)?.length ?? 0,
  };
}
