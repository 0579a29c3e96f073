// The web build keeps the refresh token in localStorage. Tabs share it, so token refreshes are
// serialised with the Web Locks API where the browser has it (two refreshes with one token end
// the session: the auth service treats that as theft).
import type { TokenStorage } from '@emporium/api-client';

const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;

export const deviceStorage: TokenStorage = {
  getItem: (key) => localStorage.getItem(key),
  setItem: (key, value) => localStorage.setItem(key, value),
  removeItem: (key) => localStorage.removeItem(key),
  ...(locks
    ? {
        // The lock's promise settles with the task's result; the DOM typings nest it one level too deep.
        exclusive: <T>(name: string, task: () => Promise<T>) =>
          locks.request(name, task) as Promise<unknown> as Promise<T>,
      }
    : {}),
};
