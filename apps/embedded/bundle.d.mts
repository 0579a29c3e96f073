// Types of bundle.mjs (plain JavaScript, so that scripts/start.mjs can run it before any compiler).
export interface BundleTarget {
  /** The TypeScript module to bundle. */
  entry: string;
  /** Where the bundle goes: main.mjs, its chunks and the list of its sources. */
  outDir: string;
}

export const platformBundle: BundleTarget;

export function ensureBundle(target?: BundleTarget): Promise<string>;
