// The web app's TokenStorage: the refresh token in localStorage (so a reload keeps the shopper
// signed in), refreshes serialised across tabs with the Web Locks API where the browser has it.
import type { TokenStorage } from '@emporium/api-client';

export function browserStorage(): TokenStorage {
  return {
    getItem: (key) => localStorage.getItem(key),
    setItem: (key, value) => localStorage.setItem(key, value),
    removeItem: (key) => localStorage.removeItem(key),
    exclusive: <T>(name: string, task: () => Promise<T>): Promise<T> =>
      navigator.locks ? (navigator.locks.request(name, task) as Promise<T>) : task(),
  };
}
