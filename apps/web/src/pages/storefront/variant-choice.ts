// Choosing a variant by its options (size, colour…): which values exist per option, and which
// variant a set of chosen values picks.
import type { Variant } from '@emporium/api-client';

export function optionNames(variants: Variant[]): string[] {
  const names = new Set<string>();
  for (const variant of variants) for (const name of Object.keys(variant.options)) names.add(name);
  return [...names];
}

export function optionValues(variants: Variant[], name: string): string[] {
  return [...new Set(variants.map((v) => v.options[name]).filter((v): v is string => Boolean(v)))];
}

/** The variant with every chosen value; when none has them all, the one matching the last choice. */
export function variantFor(
  variants: Variant[],
  chosen: Record<string, string>,
  changed?: string,
): Variant | undefined {
  const exact = variants.find((v) =>
    Object.entries(chosen).every(([name, value]) => v.options[name] === value),
  );
  if (exact || !changed) return exact;
  const value = chosen[changed];
  return (
    variants.find((v) => v.options[changed] === value && v.available > 0) ??
    variants.find((v) => v.options[changed] === value)
  );
}

/** Whether picking `value` for `name` (keeping the other choices) leads to a variant in stock. */
export function valueInStock(
  variants: Variant[],
  chosen: Record<string, string>,
  name: string,
  value: string,
): boolean {
  const wanted = { ...chosen, [name]: value };
  return variants.some(
    (v) =>
      v.available > 0 &&
      Object.entries(wanted).every(([n, val]) => v.options[n] === undefined || v.options[n] === val),
  );
}

export function stockLabel(variant: Variant): { text: string; tone: 'ok' | 'low' | 'out' } {
  if (variant.available <= 0) return { text: 'Sold out', tone: 'out' };
  if (variant.available <= Math.max(variant.lowStockThreshold, 3)) {
    return { text: `Only ${variant.available} left`, tone: 'low' };
  }
  return { text: 'In stock', tone: 'ok' };
}
