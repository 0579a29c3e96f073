// What the location forms share: the checks of a code, a country and a list of countries, and
// the list as the API takes it.

export const LOCATION_CODE = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const COUNTRY = /^[A-Z]{2}$/;

/** "DE, AT" → ['DE', 'AT']; empty → null (ships everywhere). */
export const countriesOf = (text: string) => {
  const codes = text
    .split(',')
    .map((code) => code.trim().toUpperCase())
    .filter(Boolean);
  return codes.length > 0 ? [...new Set(codes)] : null;
};

export const SHIPS_TO_ERROR = 'Two-letter countries separated by commas, or empty for everywhere.';
