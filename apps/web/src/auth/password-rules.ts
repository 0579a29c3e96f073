// The password rule the auth service enforces, checked before sending (sign-up, reset, change).
export const PASSWORD_HINT = 'At least 12 characters; a phrase of several words works well.';

export function passwordError(password: string): string | undefined {
  if (!password) return 'Choose a password.';
  if (password.length < 12) return 'Use at least 12 characters.';
  return undefined;
}
