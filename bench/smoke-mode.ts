// Smoke mode: `--smoke` or BENCH_SMOKE=1 runs a benchmark for a few seconds with small counts. It
// still starts everything the full run starts and prints every result line, so a benchmark that no
// longer starts or no longer prints fails bench/test/smoke.test.ts (run by `npm test`). Its numbers
// mean little: too short for warm JIT and steady pools.
export const smoke = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';

/**
 * A numeric setting: the environment variable `name` when given, else the smoke-mode value in
 * smoke mode, else the full run's value.
 */
export function setting(name: string, full: number, inSmoke: number): number {
  const given = process.env[name];
  if (given !== undefined && given !== '') return Number(given);
  return smoke ? inSmoke : full;
}

/**
 * The line every benchmark prints for each target it judges against a baseline of the same run:
 * `ratio: <what> = <percent>% of <baseline> (target ≥|≤ <percent>%) → met|MISSED`.
 */
export function ratioLine(
  what: string,
  measured: number,
  baseline: string,
  baselineValue: number,
  /** A bound on the ratio; or, for a benchmark whose target is absolute, that target in words. */
  target: { atLeast?: number; atMost?: number; absolute?: string },
): string {
  const ratio = baselineValue > 0 ? measured / baselineValue : 0;
  const met =
    (target.atLeast === undefined || ratio >= target.atLeast) &&
    (target.atMost === undefined || ratio <= target.atMost);
  const bound =
    target.atLeast !== undefined
      ? `≥ ${(target.atLeast * 100).toFixed(0)}%`
      : target.atMost !== undefined
        ? `≤ ${(target.atMost * 100).toFixed(0)}%`
        : undefined;
  const percent = `ratio: ${what} = ${(ratio * 100).toFixed(1)}% of ${baseline}`;
  if (bound === undefined)
    return `${percent} (context; the target is absolute: ${target.absolute ?? 'none'})`;
  return `${percent} (target ${bound}) → ${met ? 'met' : 'MISSED'}`;
}
