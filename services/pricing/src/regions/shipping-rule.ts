// A shipping rule as sent has one shape for every kind; each kind takes only its own fields.
// Checked here, after the schema, so a refusal names the field (body.rule.freeFrom) rather than
// listing every branch of a union.
import type { ShippingRule as RuleBody } from '@emporium/contracts/pricing';
import { type FieldError, problems } from '@emporium/platform';
import type { ShippingRule } from '../quotes/model.js';

const FIELDS_OF_KIND = {
  flat: ['amount'],
  free_over: ['amount', 'freeFrom'],
  weight_bands: ['bands'],
  pickup: [],
} as const;
const ALL_FIELDS = ['amount', 'freeFrom', 'bands'] as const;

/** The rule of a valid body; a validation problem naming each missing or foreign field. */
export function ruleFromBody(body: RuleBody, at: string): ShippingRule {
  const wanted: readonly string[] = FIELDS_OF_KIND[body.kind];
  const errors: FieldError[] = [];
  for (const field of ALL_FIELDS) {
    const present = body[field] !== undefined;
    if (wanted.includes(field) && !present) {
      errors.push({ field: `${at}.${field}`, message: `is required for a ${body.kind} option` });
    }
    if (!wanted.includes(field) && present) {
      errors.push({ field: `${at}.${field}`, message: `is not used by a ${body.kind} option` });
    }
  }
  const bands = body.bands ?? [];
  const weights = bands.map((band) => band.upToGrams);
  if (new Set(weights).size !== weights.length) {
    errors.push({ field: `${at}.bands`, message: 'each band needs its own upToGrams' });
  }
  if (errors.length > 0) throw problems.validation(errors);
  switch (body.kind) {
    case 'flat':
      return { kind: 'flat', amount: body.amount! };
    case 'free_over':
      return { kind: 'free_over', amount: body.amount!, freeFrom: body.freeFrom! };
    case 'weight_bands':
      return { kind: 'weight_bands', bands: [...bands].sort((a, b) => a.upToGrams - b.upToGrams) };
    case 'pickup':
      return { kind: 'pickup' };
  }
}
