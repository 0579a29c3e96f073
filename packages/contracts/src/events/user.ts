// Events the user service publishes.
import { Type } from '@sinclair/typebox';
import { Uuid } from '../common.js';
import { EmailSwitches } from '../notification.js';

export const userEvents = {
  /**
   * A user's notification preferences after a change: every switch, not only the changed ones.
   * `version` grows with each change of that user's preferences, so a consumer keeping a copy
   * ignores an event older than what it holds.
   */
  'user.preferences_changed': Type.Object({
    userId: Uuid,
    email: EmailSwitches,
    version: Type.Integer({ minimum: 1 }),
  }),
};
