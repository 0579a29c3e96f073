// Sign up, sign in and out, e-mail verification and passwords. Successful sign-ins establish the
// session (tokens kept as session.ts describes).
import { type Transport, unwrap } from './http.js';
import type { LoginRequest, RegisterRequest } from './types.js';

export function authEndpoints({ rest, session }: Transport) {
  return {
    async register(body: RegisterRequest) {
      const created = await unwrap(rest.POST('/api/v1/auth/register', { body }));
      await session.establish(created);
      return created.user;
    },
    async login(body: LoginRequest) {
      const signedIn = await unwrap(rest.POST('/api/v1/auth/login', { body }));
      await session.establish(signedIn);
      return signedIn.user;
    },
    /** Ends this session on the server too; signs out locally even if the server cannot be reached. */
    async logout() {
      const refreshToken = await session.storedRefreshToken();
      await session.clear();
      if (refreshToken)
        await unwrap(rest.POST('/api/v1/auth/logout', { body: { refreshToken } })).catch(() => {});
    },
    me: () => unwrap(rest.GET('/api/v1/auth/me')),
    verifyEmail: async (token: string) => {
      const result = await unwrap(rest.POST('/api/v1/auth/verify-email', { body: { token } }));
      // The token's claims still say unverified until the next refresh; refresh now if signed in.
      if (session.currentUser) await session.refresh();
      return result;
    },
    forgotPassword: (email: string) => unwrap(rest.POST('/api/v1/auth/password/forgot', { body: { email } })),
    resetPassword: (token: string, newPassword: string) =>
      unwrap(rest.POST('/api/v1/auth/password/reset', { body: { token, newPassword } })),
    changePassword: (currentPassword: string, newPassword: string) =>
      unwrap(rest.POST('/api/v1/auth/password/change', { body: { currentPassword, newPassword } })),
  };
}
