import { Page } from '@playwright/test';

// What a screen reader says, from @guidepup/virtual-screen-reader: it walks
// the page's accessibility tree as a screen reader's cursor does and logs the
// phrases it would speak, focus moves and live-region announcements included.
// Loaded into the page from node_modules (the page's own CSP is bypassed for
// this test's context only: the service never serves the reader).

const READER = '/__virtual-screen-reader.js';

/** Starts the reader on the page, with its cursor at the top. */
export async function startReader(page: Page) {
  await page.route(`**${READER}`, (route) =>
    route.fulfill({
      path: require.resolve('@guidepup/virtual-screen-reader/browser.js'),
      contentType: 'text/javascript',
    }),
  );
  await page.evaluate(async (url) => {
    const { virtual } = await import(url);
    (window as any).virtual = virtual;
    await virtual.start({ container: document.body });
  }, READER);
}

/** Everything the reader has said since it started or was last cleared. */
export async function spoken(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as any).virtual.spokenPhraseLog());
}

export async function clearSpoken(page: Page) {
  await page.evaluate(() => (window as any).virtual.clearSpokenPhraseLog());
}

/** Moves the reader's cursor on until it says something matching `phrase`; returns what it said on the way. */
export async function readUntil(page: Page, phrase: RegExp, limit = 400): Promise<string[]> {
  return page.evaluate(async ({ source, flags, limit }) => {
    const virtual = (window as any).virtual;
    const pattern = new RegExp(source, flags);
    const said: string[] = [];
    for (let i = 0; i < limit; i++) {
      await virtual.next();
      const last: string = await virtual.lastSpokenPhrase();
      said.push(last);
      if (pattern.test(last)) return said;
    }
    throw new Error(`the reader never said ${source}: ${said.join(' | ')}`);
  }, { source: phrase.source, flags: phrase.flags, limit });
}

export async function stopReader(page: Page) {
  await page.evaluate(() => (window as any).virtual.stop());
}
