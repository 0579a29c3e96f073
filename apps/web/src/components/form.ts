// Small helpers shared by the forms: client-side checks before sending, and the server's field
// errors (problem+json `errors`) mapped onto the form's own field names.
import { ApiError } from '@emporium/api-client';

export type FieldErrors = Record<string, string>;

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function required(value: string, label: string): string | undefined {
  return value.trim() ? undefined : `Enter ${label}.`;
}

/** Drops the fields without errors, so `Object.keys(errors).length` says whether the form is valid. */
export function compact(errors: Record<string, string | undefined>): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}

/**
 * The server's field errors in a form's terms: `names` maps a server field (`password`,
 * `shippingAddress.city`) to the form's field; unmapped ones keep their name.
 */
export function serverFieldErrors(error: unknown, names: Record<string, string> = {}): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const mapped: FieldErrors = {};
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    mapped[names[field] ?? field] = humanise(message);
  }
  return mapped;
}

// JSON-schema messages ("must NOT have fewer than 12 characters") read better as sentences.
function humanise(message: string): string {
  const sentence = message.replace(
    /^must NOT have fewer than (\d+) characters$/,
    'Use at least $1 characters',
  );
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}${/[.!?]$/.test(sentence) ? '' : '.'}`;
}

/** Moves focus to the first invalid control, so keyboard and screen reader users land on it. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
