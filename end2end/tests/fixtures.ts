import { test as base, expect, Page, TestInfo } from '@playwright/test';
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
 * JavaScript off it checks an exact copy of the page's current markup, with
 * its scripts removed (it never hydrates, so it stays what a no-JS user sees),
 * written into a script-enabled page kept for the purpose. The copy's relative
 * addresses resolve against the original's through a `<base>`, and its styles
 * come from the browser's cache after the first copy.
 */
export async function expectAccessible(page: Page) {
  let target = page;
  if (!jsOn(base.info())) {
    const html = (await page.content())
      .replace(/<script\b[\s\S]*?<\/script>/gi, '')
      .replace(/<link\b[^>]*rel="(?:modulepreload|preload)"[^>]*>/gi, '')
      .replace(/<head>/i, `<head><base href="${page.url()}">`);
    target = await copyPage(page);
    await target.setContent(html, { waitUntil: 'load' });
  }
  const results = await new AxeBuilder({ page: target }).withTags(WCAG_TAGS).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  expect(summary, 'axe violations').toEqual([]);
}

/**
 * One script-enabled page per page for the copies axe checks (making a context
 * or a page is slow, and under load it was most of a no-JS test's time).
 */
const copyPages = new WeakMap<Page, Promise<Page>>();
function copyPage(page: Page): Promise<Page> {
  let copy = copyPages.get(page);
  if (!copy) {
    copy = (async () => {
      const context = await page
        .context()
        .browser()!
        .newContext({ viewport: page.viewportSize() ?? undefined, javaScriptEnabled: true });
      const copy = await context.newPage();
      // An empty page at the service's origin, so that the copies written into
      // it are same-origin with the service, as the original page is.
      const blank = new URL('/axe-copy', page.url()).href;
      await copy.route(blank, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!DOCTYPE html><title>copy</title>' }),
      );
      await copy.goto(blank);
      await copy.unrouteAll();
      return copy;
    })();
    copyPages.set(page, copy);
    page.on('close', () => {
      copy!.then((p) => p.context().close()).catch(() => {});
    });
  }
  return copy;
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
