import { Page, TestInfo } from '@playwright/test';
import { expect } from './fixtures';

// What axe does not check, on a page as it stands: reflow at 320 CSS px
// (WCAG 1.4.10), forced colours (Windows high contrast), and WCAG 1.4.12
// text spacing.

/**
 * The widths a page must fit without sideways scrolling: a 320 px phone,
 * and 1280 × 800 at 400% zoom, which is a 320 × 200 CSS px viewport.
 */
const NARROW = [
  { width: 320, height: 568, name: '320 px' },
  { width: 320, height: 200, name: '1280 px at 400%' },
];

/** No sideways scrolling of the page at 320 CSS px; tables may scroll in their own region. */
export async function expectReflow(page: Page, name: string) {
  const before = page.viewportSize();
  for (const size of NARROW) {
    await page.setViewportSize({ width: size.width, height: size.height });
    const overflow = await page.evaluate(() => {
      const root = document.documentElement;
      const wide = Array.from(document.querySelectorAll('body *'))
        .filter((e) => {
          const r = e.getBoundingClientRect();
          if (r.width === 0 || r.right <= root.clientWidth + 1) return false;
          // Visually hidden text sits off to the side on purpose.
          if (r.width <= 1 || r.height <= 1) return false;
          // Inside a region that scrolls on its own (a table's wrapper) is fine.
          for (let p = e.parentElement; p; p = p.parentElement) {
            const o = getComputedStyle(p).overflowX;
            if (o === 'auto' || o === 'scroll') return false;
          }
          return true;
        })
        .slice(-3)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
      // Text wider than its box (a long word) widens the page without its box doing so.
      const any: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n && any.length < 3; n = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(n);
        const r = range.getBoundingClientRect();
        if (r.width > 1 && r.right > root.clientWidth + 1) any.push(`text "${(n.textContent ?? '').trim().slice(0, 40)}" in ${n.parentElement?.tagName.toLowerCase()}.${n.parentElement?.className}`);
      }
      return { by: root.scrollWidth - root.clientWidth, wide: wide.length ? wide : any };
    });
    expect(overflow.by, `sideways scrolling on ${name} at ${size.name}: ${overflow.wide.join(', ')}`).toBeLessThanOrEqual(0);
  }
  if (before) await page.setViewportSize(before);
}

/**
 * In forced colours, what shows state by colour alone disappears: buttons,
 * tags, error borders and focus outlines must keep a real border or outline.
 * A screenshot of each page is kept with the test's results.
 */
export async function expectForcedColours(page: Page, testInfo: TestInfo, name: string) {
  await page.emulateMedia({ forcedColors: 'active' });
  try {
    const problems = await page.evaluate(() => {
      const found: string[] = [];
      const shown = (style: string, width: number, colour: string) =>
        style !== 'none' && style !== 'hidden' && width > 0 && colour !== 'transparent' && colour !== 'rgba(0, 0, 0, 0)';
      // A border on that side, or an outline all round (GOV.UK tags draw one for forced colours).
      const drawn = (e: Element, side: 'top' | 'bottom' | 'left') => {
        const s = getComputedStyle(e);
        return shown(s.getPropertyValue(`border-${side}-style`), parseFloat(s.getPropertyValue(`border-${side}-width`)), s.getPropertyValue(`border-${side}-color`))
          || shown(s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor);
      };
      const visible = (e: Element) => (e as HTMLElement).offsetParent !== null;
      for (const e of Array.from(document.querySelectorAll('.govuk-button, .govuk-tag, .moj-badge'))) {
        if (visible(e) && !drawn(e, 'top') && !drawn(e, 'bottom')) found.push(`no border: ${e.className} "${e.textContent?.trim()}"`);
      }
      for (const e of Array.from(document.querySelectorAll('.govuk-input--error, .govuk-textarea--error, .govuk-select--error, .govuk-form-group--error'))) {
        if (visible(e) && !drawn(e, e.classList.contains('govuk-form-group--error') ? 'left' : 'top')) found.push(`no error border: ${e.className}`);
      }
      return found;
    });
    expect(problems, `forced colours on ${name}`).toEqual([]);
    // The focus indicator: the first field or button, focused from the keyboard.
    const focusable = page.locator('main input:visible, main textarea:visible, main button:visible, main a:visible').first();
    if (await focusable.count()) {
      const focusedOutline = async () => {
        await focusable.focus();
        return focusable.evaluate((e) => {
          // A radio or checkbox is drawn by its label: its focus ring is on the label's ::before.
          const input = e as HTMLInputElement;
          const drawnOn = (input.type === 'radio' || input.type === 'checkbox') && input.labels?.[0]
            ? getComputedStyle(input.labels[0], '::before')
            : getComputedStyle(e);
          return { style: drawnOn.outlineStyle, width: parseFloat(drawnOn.outlineWidth), colour: drawnOn.outlineColor };
        });
      };
      // Focused again until it holds: a page just navigated to can still be
      // settling (hydrating), which takes the focus away from the field.
      await expect
        .poll(async () => (await focusedOutline()).style, { message: `focus outline in forced colours on ${name}`, timeout: 5_000 })
        .not.toBe('none');
      const outline = await focusedOutline();
      const what = `${await focusable.evaluate((e) => e.outerHTML.slice(0, 120))}: ${JSON.stringify(outline)}`;
      expect(outline.style, `focus outline in forced colours on ${name}, ${what}`).not.toBe('none');
      expect(outline.width, what).toBeGreaterThan(0);
      expect(outline.colour, what).not.toBe('transparent');
      await focusable.blur();
    }
    await testInfo.attach(`forced colours: ${name}`, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  } finally {
    await page.emulateMedia({ forcedColors: 'none' });
  }
}

/**
 * WCAG 1.4.12: with line height 1.5, paragraph spacing 2, letter spacing
 * 0.12 and word spacing 0.16 (times the font size), no text is cut off: no
 * element that hides its overflow has more content than room.
 */
export async function expectTextSpacing(page: Page, name: string) {
  const style = await page.addStyleTag({
    content: `* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
              p { margin-bottom: 2em !important; }`,
  });
  const clipped = await page.evaluate(() => {
    const found: string[] = [];
    for (const e of Array.from(document.querySelectorAll('body *'))) {
      const s = getComputedStyle(e);
      const hides = [s.overflowX, s.overflowY].some((o) => o === 'hidden' || o === 'clip');
      if (!hides) continue;
      const h = e as HTMLElement;
      // Visually hidden text is 1 px on purpose, for screen readers only.
      if (h.clientWidth <= 1 || h.clientHeight <= 1) continue;
      if (h.scrollWidth > h.clientWidth + 1 || h.scrollHeight > h.clientHeight + 1) {
        found.push(`${e.tagName.toLowerCase()}.${e.className} "${(e.textContent ?? '').trim().slice(0, 40)}"`);
      }
    }
    return found;
  });
  await style.evaluate((e) => e.remove());
  expect(clipped, `text cut off with WCAG text spacing on ${name}`).toEqual([]);
}

/** All three, as every page type is checked. */
export async function expectBeyondAxe(page: Page, testInfo: TestInfo, name: string) {
  await expectReflow(page, name);
  await expectTextSpacing(page, name);
  await expectForcedColours(page, testInfo, name);
}
