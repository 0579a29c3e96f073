// A SKU's ledger as CSV (RFC 4180): a header row, then one line per entry, CRLF line ends.
import type { StockLedgerEntry } from '@emporium/contracts/product';

const COLUMNS = [
  'id',
  'at',
  'sku',
  'location',
  'kind',
  'availableDelta',
  'reservedDelta',
  'availableBefore',
  'availableAfter',
  'reservedBefore',
  'reservedAfter',
  'actor',
  'reason',
  'note',
  'reference',
] as const satisfies readonly (keyof StockLedgerEntry)[];

// Text an admin typed (a note) may start like a formula; spreadsheets would run it on opening
// the export. Such cells get a leading apostrophe; numbers are written as they are.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const LEDGER_CSV_HEADER = `${COLUMNS.join(',')}\r\n`;

export const ledgerCsvLine = (entry: StockLedgerEntry) =>
  `${COLUMNS.map((column) => csvField(entry[column])).join(',')}\r\n`;
