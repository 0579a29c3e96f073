// Live feed fan-out inside one process: open SSE streams register per user; a handled event
// announces its new notifications here right after its transaction commits.
import type { FeedNotification } from '@emporium/contracts/notification';

export type FeedListener = (notification: FeedNotification) => void;

export interface FeedHub {
  /** Returns the unsubscribe function. */
  subscribe(userId: string, listener: FeedListener): () => void;
  hasListeners(userId: string): boolean;
  announce(userId: string, notification: FeedNotification): void;
}

export function createFeedHub(): FeedHub {
  const listeners = new Map<string, Set<FeedListener>>();
  return {
    subscribe(userId, listener) {
      const set = listeners.get(userId) ?? new Set<FeedListener>();
      set.add(listener);
      listeners.set(userId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(userId);
      };
    },
    hasListeners: (userId) => listeners.has(userId),
    announce(userId, notification) {
      for (const listener of listeners.get(userId) ?? []) listener(notification);
    },
  };
}
