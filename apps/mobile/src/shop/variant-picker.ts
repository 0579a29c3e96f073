// Picking a variant by its options (size, colour…): the axes to show, and the variant a
// selection names. Products whose variants have no options are picked by variant title.
import type { Variant } from '@emporium/api-client';

export interface OptionAxis {
  name: string;
  values: string[];
}

export function optionAxes(variants: Variant[]): OptionAxis[] {
  const axes = new Map<string, string[]>();
  for (const variant of variants) {
    for (const [name, value] of Object.entries(variant.options)) {
      const values = axes.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      axes.set(name, values);
    }
  }
  return [...axes].map(([name, values]) => ({ name, values }));
}

export type Selection = Record<string, string>;

export function variantFor(variants: Variant[], selection: Selection): Variant | undefined {
  return variants.find((variant) =>
    Object.entries(variant.options).every(([name, value]) => selection[name] === value),
  );
}

/** Starts on the first variant in stock, so the page opens on something that can be bought. */
export function initialSelection(variants: Variant[]): Selection {
  const first = variants.find((variant) => variant.available > 0) ?? variants[0];
  return { ...(first?.options ?? {}) };
}

/** Whether choosing `value` on `axis` (keeping the rest of the selection) names a variant in stock. */
export function optionInStock(
  variants: Variant[],
  selection: Selection,
  axis: string,
  value: string,
): boolean {
  const candidate = variantFor(variants, { ...selection, [axis]: value });
  return candidate !== undefined && candidate.available > 0;
}
