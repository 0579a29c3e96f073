// A price list's details as the admin edits them (name, status, when it applies, who it is for),
// checked before sending and turned into the create or change body. Dates are typed in local
// time (a datetime-local input) and sent as instants; clearing one on an existing list sends
// null, which the API takes as "no longer bounded".
import type { PriceList, PriceListCreate, PriceListPatch } from '@emporium/api-client';

export interface PriceListDetails {
  name: string;
  status: 'active' | 'draft';
  /** "2026-12-24T09:00" in local time, or empty. */
  startsAt: string;
  endsAt: string;
  customerGroupIds: string[];
}

export type DetailsErrors = Partial<Record<'name' | 'endsAt', string>>;

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a datetime-local input's value, in the admin's own time zone. */
export function localInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const instant = (text: string) => (text ? new Date(text).toISOString() : undefined);

export function detailsOf(list: PriceList): PriceListDetails {
  return {
    name: list.name,
    status: list.status,
    startsAt: localInput(list.startsAt),
    endsAt: localInput(list.endsAt),
    customerGroupIds: list.customerGroupIds,
  };
}

export function validateDetails(details: PriceListDetails): DetailsErrors {
  const errors: DetailsErrors = {};
  if (!details.name.trim()) errors.name = 'Enter a name.';
  if (details.startsAt && details.endsAt && details.endsAt <= details.startsAt)
    errors.endsAt = 'Must be after the start.';
  return errors;
}

/** The dates of a new list: an empty one is left out (the list is not bounded that way). */
export function datesToCreate(details: Pick<PriceListDetails, 'startsAt' | 'endsAt'>) {
  const startsAt = instant(details.startsAt);
  const endsAt = instant(details.endsAt);
  return {
    ...(startsAt ? { startsAt } : {}),
    ...(endsAt ? { endsAt } : {}),
  } satisfies Partial<PriceListCreate>;
}

/** The change of an existing list, from the version it was read at. */
export function toPatch(details: PriceListDetails, version: number): PriceListPatch {
  return {
    version,
    name: details.name.trim(),
    status: details.status,
    startsAt: instant(details.startsAt) ?? null,
    endsAt: instant(details.endsAt) ?? null,
    customerGroupIds: details.customerGroupIds,
  };
}

/** When a list applies, in words for the table. */
export function periodText(list: { startsAt?: string; endsAt?: string }): string {
  const date = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
  if (list.startsAt && list.endsAt) return `${date(list.startsAt)} – ${date(list.endsAt)}`;
  if (list.startsAt) return `From ${date(list.startsAt)}`;
  if (list.endsAt) return `Until ${date(list.endsAt)}`;
  return 'Always';
}
