// Arranging a signed-in shopper the way the app would: through the real client, so the device
// storage ends up holding exactly what a previous run of the app would have left in it.
import { createEmporiumClient } from '@emporium/api-client';
import type { FakeGateway } from './fake-gateway';
import { type FakeStorage, fakeStorage } from './render-shop';

export const PASSWORD = 'correct horse battery';

export async function signedInDevice(gateway: FakeGateway, email = 'ada@example.com') {
  const user = gateway.registerAccount(email, PASSWORD);
  const storage: FakeStorage = fakeStorage();
  const client = createEmporiumClient({ baseUrl: 'http://gateway.test', storage, fetch: gateway.fetch });
  await client.auth.login({ email, password: PASSWORD });
  return { user, storage, client };
}
