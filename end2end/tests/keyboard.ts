import { Page } from '@playwright/test';
import { expect } from './fixtures';
import { Answers } from './journey';

// Moving through pages with the keyboard alone, as a person who cannot use a
// pointer does: Tab and Shift+Tab between controls, Space for boxes and
// buttons, arrows within a radio group, Enter to follow a link or submit.
// At every stop the focus must be visible and never lost to the page's body.

/** Where the focus is and whether it can be seen (a non-zero outline, or GOV.UK's focus box on the control or its label). */
async function focusState(page: Page) {
  return page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    if (!e || e === document.body || e === document.documentElement) return { lost: true, visible: false, name: '', id: '', tag: '' };
    const drawn = (s: CSSStyleDeclaration) =>
      (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow !== 'none' && s.boxShadow !== '');
    let visible = drawn(getComputedStyle(e));
    // A radio or checkbox is drawn by its label: the focus box is on the label's ::before.
    if (!visible && e instanceof HTMLInputElement && (e.type === 'radio' || e.type === 'checkbox') && e.labels?.[0]) {
      visible = drawn(getComputedStyle(e.labels[0], '::before')) || drawn(getComputedStyle(e.labels[0], '::after'));
    }
    return {
      lost: false,
      visible,
      name: (e as HTMLInputElement).name ?? '',
      id: e.id,
      tag: e.tagName.toLowerCase(),
    };
  });
}

/** Presses a key and checks the focus is somewhere visible. */
export async function press(page: Page, key: string) {
  await page.keyboard.press(key);
  const state = await focusState(page);
  expect(state.lost, `focus lost to the page after ${key} on ${page.url()}`).toBe(false);
  expect(state.visible, `focus not visible on ${state.tag}#${state.id} after ${key} on ${page.url()}`).toBe(true);
}

/** Tabs forward until `matches` holds for the focused element; every stop is checked. */
export async function tabTo(page: Page, what: string, matches: (state: { name: string; id: string; tag: string; text: string; value: string }) => boolean, limit = 150) {
  const here = () => page.evaluate(() => {
    const e = document.activeElement as HTMLInputElement;
    return { name: e.name ?? '', id: e.id, tag: e.tagName.toLowerCase(), text: (e.textContent ?? '').trim(), value: e.value ?? '' };
  });
  // Already there (an error summary's link has just moved the focus to it).
  if (matches(await here())) return;
  const passed: string[] = [];
  for (let i = 0; i < limit; i++) {
    try {
      await press(page, 'Tab');
    } catch (error) {
      throw new Error(`${error}\nwhile tabbing to ${what}, after ${passed.slice(-6).join(' | ')}`);
    }
    const now = await here();
    if (matches(now)) return;
    passed.push(`${now.tag}#${now.id}${now.name ? `[${now.name}]` : ''} ${now.text.slice(0, 20)}`);
  }
  throw new Error(`never reached ${what} with Tab; passed ${passed.join(' | ')}`);
}

/** Answers a step's questions with the keyboard alone, then presses "Save and continue" with Enter. */
export async function answerByKeyboard(page: Page, answers: Answers) {
  for (const [name, value] of Object.entries(answers)) {
    const type = await page.locator(`[name="${name}"]`).first().getAttribute('type');
    if (type === 'radio') {
      // Tab lands on the group (its checked radio, or its first); arrows choose.
      await tabTo(page, `the ${name} radios`, (s) => s.name === name);
      for (let i = 0; i < 12; i++) {
        const chosen = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
        if (chosen === value) break;
        await press(page, 'ArrowDown');
      }
      await press(page, 'Space');
      await expect(page.locator(`input[name="${name}"][value="${value}"]`)).toBeChecked();
    } else if (type === 'checkbox') {
      await tabTo(page, `the ${name} box`, (s) => s.name === name);
      await press(page, 'Space');
      await expect(page.locator(`input[name="${name}"]`).first()).toBeChecked();
    } else {
      await tabTo(page, `the ${name} field`, (s) => s.name === name);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(value);
    }
  }
  await tabTo(page, 'Save and continue', (s) => s.tag === 'button' && s.text === 'Save and continue');
  await page.keyboard.press('Enter');
}
