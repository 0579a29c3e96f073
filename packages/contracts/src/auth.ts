// HTTP bodies of the auth service (`/auth/*`, `/.well-known/jwks.json`).
import { type Static, Type } from '@sinclair/typebox';
import { Email, Uuid } from './common.js';

/** New passwords: the length rule lives here; the strength rule (no common passwords) in the service. */
export const NewPassword = Type.String({ minLength: 12, maxLength: 256 });

export const RegisterBody = Type.Object(
  {
    email: Email,
    password: NewPassword,
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

// Login does not judge the shape of what it is given: a wrong e-mail is just a failed login.
export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const RefreshTokenBody = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type RefreshTokenBody = Static<typeof RefreshTokenBody>;

export const VerifyEmailBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type VerifyEmailBody = Static<typeof VerifyEmailBody>;

export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: NewPassword },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const ForgotPasswordBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }) },
  { additionalProperties: false },
);
export type ForgotPasswordBody = Static<typeof ForgotPasswordBody>;

export const ResetPasswordBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }), newPassword: NewPassword },
  { additionalProperties: false },
);
export type ResetPasswordBody = Static<typeof ResetPasswordBody>;

export const AuthRole = Type.Union([Type.Literal('customer'), Type.Literal('admin')]);

export const AuthUser = Type.Object({
  id: Uuid,
  email: Email,
  roles: Type.Array(AuthRole),
  emailVerified: Type.Boolean(),
});
export type AuthUser = Static<typeof AuthUser>;

/** Answer of register, login and refresh. The refresh token is opaque and single-use. */
export const Session = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  /** Seconds until the access token expires. */
  expiresIn: Type.Integer(),
  user: AuthUser,
});
export type Session = Static<typeof Session>;

export const Jwks = Type.Object({
  keys: Type.Array(
    Type.Object(
      { kid: Type.String(), kty: Type.String(), alg: Type.String(), use: Type.String() },
      { additionalProperties: true },
    ),
  ),
});
export type Jwks = Static<typeof Jwks>;
