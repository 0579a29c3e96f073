// Debian's Chromium driven by playwright-core, and the checks every page gets: screenshots for
// review and axe's accessibility rules (no critical violations).
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
}

const screenshots = resolve(import.meta.dirname, '../../test-results/screenshots');
/** The README's pictures: retaken by every run of the browser suite, so they never go stale. */
const readmeScreenshots = resolve(import.meta.dirname, '../../../../docs/screenshots');

export async function screenshot(
  page: Page,
  name: string,
  options: { readme?: boolean } = {},
): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  // From the top: a full-page capture taken while scrolled paints the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: resolve(screenshots, `${name}.png`), fullPage: true });
  if (options.readme) {
    mkdirSync(readmeScreenshots, { recursive: true });
    // What a visitor sees first (the viewport), as a JPEG small enough to keep in the repository.
    await page.screenshot({ path: resolve(readmeScreenshots, `${name}.jpg`), type: 'jpeg', quality: 70 });
  }
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's violations of impact "critical" on the current page. */
export async function criticalAccessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; help: string }[] }> };
      }
    ).axe;
    const result = await axe.run();
    return result.violations.filter((v) => v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  });
}
