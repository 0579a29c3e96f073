// Creates the profile of a newly registered account (auth's user.registered), once per event.
// Nothing to invalidate: a missing profile is never cached.
import type { EventData } from '@emporium/contracts';
import { type EventEnvelope, handleOnce } from '@emporium/platform';
import type { UserContext } from '../context.js';
import { insertProfile } from '../repositories/profiles.js';

export const CONSUMER = 'user';

export async function onUserRegistered(ctx: UserContext, event: EventEnvelope): Promise<void> {
  const data = event.data as EventData<'user.registered'>;
  await handleOnce(ctx.db, CONSUMER, event, (tx) =>
    insertProfile(tx, { userId: data.userId, email: data.email, name: data.displayName ?? null }),
  );
}
