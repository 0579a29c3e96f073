// The shopper's own profile, address book and notification preferences.
import { type Transport, unwrap } from './http.js';
import type { AddressPatch, NewAddress, PreferencesPatch, ProfilePatch } from './types.js';

export function accountEndpoints({ rest }: Transport) {
  const address = (id: string) => ({ params: { path: { id } } });
  return {
    profile: () => unwrap(rest.GET('/api/v1/users/me')),
    updateProfile: (body: ProfilePatch) => unwrap(rest.PATCH('/api/v1/users/me', { body })),
    addresses: async () => (await unwrap(rest.GET('/api/v1/users/me/addresses'))).addresses,
    addAddress: (body: NewAddress) => unwrap(rest.POST('/api/v1/users/me/addresses', { body })),
    editAddress: (id: string, body: AddressPatch) =>
      unwrap(rest.PATCH('/api/v1/users/me/addresses/{id}', { ...address(id), body })),
    removeAddress: (id: string) => unwrap(rest.DELETE('/api/v1/users/me/addresses/{id}', address(id))),
    /** Which optional kinds of notification are e-mailed: the switches in the profile. */
    preferences: () => unwrap(rest.GET('/api/v1/users/me/preferences')),
    /** Changes the listed switches, keeps the others; answers all of them. */
    updatePreferences: (body: PreferencesPatch) =>
      unwrap(rest.PATCH('/api/v1/users/me/preferences', { body })),
  };
}
