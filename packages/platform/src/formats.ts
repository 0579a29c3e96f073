// String formats. TypeBox's Value checker (events, config) knows none until they are registered
// here. Fastify's Ajv has its own (ajv-formats), but those let through values PostgreSQL refuses (a
// `urn:uuid:` prefix, a +18:52 offset, year 0000): the formats that reach SQL are replaced there by
// these, which accept only what both JavaScript and PostgreSQL take.
import { FormatRegistry } from '@sinclair/typebox';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URI = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/i;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Real offsets run from -12:00 to +14:00; PostgreSQL refuses anything past ±15:59.
const MAX_OFFSET_MINUTES = 14 * 60;
/** The largest PostgreSQL int8 (bigint), which bigserial ids and their cursors never exceed. */
const INT8_MAX = 9_223_372_036_854_775_807n;
const INT8_DIGITS = /^(0|[1-9][0-9]{0,18})$/;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * RFC 3339 date-time with an offset, restricted to what `new Date()` and timestamptz both take:
 * years 0001-9999, real calendar days, no leap second (:60), offsets within ±14:00.
 */
export function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (day > monthDays || hour > 23 || minute > 59 || second > 59) return false;
  if (match[7] === undefined) return true;
  const offsetHours = Number(match[8]);
  const offsetMinutes = Number(match[9]);
  return offsetMinutes <= 59 && offsetHours * 60 + offsetMinutes <= MAX_OFFSET_MINUTES;
}

/** A non-negative integer in decimal that fits a PostgreSQL int8 (a bigserial id or its cursor). */
export function isInt8String(value: string): boolean {
  return INT8_DIGITS.test(value) && BigInt(value) <= INT8_MAX;
}

/** A uuid as PostgreSQL's uuid type reads it: hex digits in the 8-4-4-4-12 groups, nothing else. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The formats HTTP validation takes from here rather than from ajv-formats. */
export const databaseSafeFormats: Record<string, (value: string) => boolean> = {
  uuid: isUuid,
  'date-time': isDateTime,
  int8: isInt8String,
};

const stringFormats: Record<string, (value: string) => boolean> = {
  ...databaseSafeFormats,
  email: (value) => EMAIL.test(value),
  uri: (value) => URI.test(value),
};

for (const [name, check] of Object.entries(stringFormats)) {
  if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check);
}
