import { mkdirSync } from 'node:fs';
import { expect, type Browser, type Page } from '@playwright/test';

/** Screenshots the specs take, to look at after a run (not compared by the tests). */
export const ARTIFACTS = 'e2e/artifacts';
mkdirSync(ARTIFACTS, { recursive: true });

/**
 * A `shot(page, name)` that writes `${prefix}-${name}.png` once the page has loaded and its fonts are in, after
 * checking that nothing is wider than the phone. No 'networkidle': buy pages keep an SSE stream open on purpose.
 * Toasts are hidden (the steps check them themselves).
 */
export function screenshots(prefix: string) {
  return async function shot(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('load');
    await page.evaluate('document.fonts.ready.then(() => undefined)');
    await page.waitForTimeout(300);
    await page.evaluate('window.scrollTo(0, 0)');
    // A string, not a function: the e2e tsconfig has no DOM types.
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow, `${name}: page is ${overflow}px wider than the viewport`).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: `${ARTIFACTS}/${prefix}-${name}.png`,
      fullPage: true,
      style: '.toasts { display: none; }',
    });
  };
}

/** A phone of the given size in its own browser context (its own cookies: one person per phone). */
export async function phone(browser: Browser, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  return context.newPage();
}
