// Phones keep the refresh token (and the guest cart id) in the platform keystore via SecureStore.
// Metro picks device-storage.web.ts instead when bundling for the web, where SecureStore is absent.
import type { TokenStorage } from '@emporium/api-client';
import * as SecureStore from 'expo-secure-store';

export const deviceStorage: TokenStorage = {
  getItem: (key) => SecureStore.getItemAsync(key),
  setItem: (key, value) => SecureStore.setItemAsync(key, value),
  removeItem: (key) => SecureStore.deleteItemAsync(key),
};
