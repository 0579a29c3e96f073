// Keeps the copy of a user's e-mail switches (user.preferences_changed from the user service),
// once per event; an event older than the copy is ignored, so late or replayed events never undo
// a newer change.
import type { EventData } from '@emporium/contracts';
import { type EventEnvelope, handleOnce, type SqlDatabase } from '@emporium/platform';
import { copyEmailPreferences } from '../repositories/preferences.js';
import { CONSUMER } from './notification-consumer.js';

export const PREFERENCES_CHANGED = 'user.preferences_changed';

export async function onPreferencesChanged(db: SqlDatabase, event: EventEnvelope): Promise<void> {
  const data = event.data as EventData<'user.preferences_changed'>;
  await handleOnce(db, CONSUMER, event, async (tx) => {
    await copyEmailPreferences(tx, data);
  });
}
