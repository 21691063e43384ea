import { test as base, expect, BrowserContext, Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];

export function jsOn(testInfo: TestInfo): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/** Opens a page and, with JavaScript on, waits until the wasm has hydrated it. */
export async function open(page: Page, path: string, testInfo: TestInfo) {
  const response = await page.goto(path);
  if (jsOn(testInfo)) {
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  }
  return response;
}

/**
 * Zero axe violations for the WCAG 2.2 AA tags. axe is a script, so with
 * JavaScript off it checks an exact copy of the page's current markup, served
 * at the same address to a script-enabled page that has its own scripts
 * removed (it never hydrates, so it stays what a no-JS user sees).
 */
export async function expectAccessible(page: Page) {
  let target = page;
  if (!jsOn(base.info())) {
    const html = (await page.content())
      .replace(/<script\b[\s\S]*?<\/script>/gi, '')
      .replace(/<link\b[^>]*rel="(?:modulepreload|preload)"[^>]*>/gi, '');
    target = await (await copyContext(page)).newPage();
    await target.route(page.url(), (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await target.goto(page.url());
  }
  const results = await new AxeBuilder({ page: target }).withTags(WCAG_TAGS).analyze();
  if (target !== page) await target.close();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  expect(summary, 'axe violations').toEqual([]);
}

/** One script-enabled context per page for the copies axe checks (making a context is slow). */
const copyContexts = new WeakMap<Page, Promise<BrowserContext>>();
function copyContext(page: Page): Promise<BrowserContext> {
  let context = copyContexts.get(page);
  if (!context) {
    context = page.context().browser()!.newContext({
      viewport: page.viewportSize() ?? undefined,
      javaScriptEnabled: true,
    });
    copyContexts.set(page, context);
    page.on('close', () => {
      context!.then((c) => c.close()).catch(() => {});
    });
  }
  return context;
}

/** Nothing wider than the screen: no sideways scrolling at 375 px. */
export async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Every test fails on a browser console error or an uncaught exception (a broken hydration shows up here). */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      // A page answered with 404 or 422 is a page the test asked for, not a fault.
      const pagesWithErrorStatus = new Set<string>();
      page.on('response', (response) => {
        if (response.request().isNavigationRequest() && response.status() >= 400) {
          pagesWithErrorStatus.add(response.url());
        }
      });
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        if (msg.text().startsWith('Failed to load resource') && pagesWithErrorStatus.has(msg.location().url)) return;
        errors.push(`${msg.text()} (${msg.location().url})`);
      });
      page.on('pageerror', (err) => errors.push(err.message));
      await use(errors);
      expect(errors, 'browser console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
