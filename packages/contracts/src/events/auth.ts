// Events the auth service publishes (past tense: something that happened).
import { Type } from '@sinclair/typebox';
import { Email, Uuid } from '../common.js';

export const authEvents = {
  'user.registered': Type.Object({
    userId: Uuid,
    email: Email,
    displayName: Type.Optional(Type.String()),
    /** Single-use token for the verification link; the notification service e-mails it. */
    verificationToken: Type.String(),
  }),
  'user.email_verified': Type.Object({ userId: Uuid, email: Email }),
  'user.password_reset_requested': Type.Object({
    userId: Uuid,
    email: Email,
    resetToken: Type.String(),
    expiresAt: Type.String({ format: 'date-time' }),
  }),
  'user.password_changed': Type.Object({ userId: Uuid, email: Email }),
};
