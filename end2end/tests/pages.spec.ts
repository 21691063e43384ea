import { test, expect, open, expectAccessible, expectNoSidewaysScroll, jsOn } from './fixtures';
import { PAGES } from './public-pages';
import * as fs from 'fs';
import * as path from 'path';

const SERVICE = 'Refer a potential victim of modern slavery';


for (const { path, heading } of PAGES) {
  test(`${path} shows its heading, passes axe and fits the screen`, async ({ page }, testInfo) => {
    await open(page, path, testInfo);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page).toHaveTitle(heading === SERVICE ? SERVICE : `${heading} - ${SERVICE}`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('main')).toBeVisible();
    await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility statement' })).toBeVisible();
    await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Privacy notice' })).toBeVisible();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
  });
}

test('staff told to wait after too many wrong passwords see it as an error, and the page passes axe', async ({ page }, testInfo) => {
  // Five wrong passwords are free; the sixth attempt is told to wait.
  const email = `wait.${testInfo.project.name}@sca.example.gov.uk`;
  await open(page, '/staff/sign-in', testInfo);
  for (let attempt = 1; attempt <= 6; attempt++) {
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('.govuk-error-summary')).toBeVisible();
  }
  const summary = page.locator('.govuk-error-summary');
  await expect(summary).toContainText('Too many wrong passwords. Wait 1 minute, then try again');
  await expect(page.getByLabel('Email address')).toHaveValue(email);
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
});

test('staff reach the change-password page from the sign-in page', async ({ page }, testInfo) => {
  await open(page, '/staff/sign-in', testInfo);
  await page.getByRole('link', { name: 'Change your password' }).click();
  await expect(page).toHaveURL(/\/staff\/change-password$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Change your password');
  await expect(page.locator('#password-due')).toHaveCount(0);
});

test('the first Tab reaches the skip link, which moves to the main content', async ({ page }, testInfo) => {
  await open(page, '/', testInfo);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();
});

test('the start button leads to the sign-in question', async ({ page }, testInfo) => {
  await open(page, '/', testInfo);
  await page.getByRole('button', { name: 'Start now' }).click();
  await expect(page).toHaveURL(/\/verify\/who-do-you-work-for$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Who do you work for?');
});

test('no GOV.UK crown or GDS Transport font is used', async ({ page }, testInfo) => {
  await open(page, '/', testInfo);
  await expect(page.locator('.govuk-header__logotype, .govuk-footer__crown')).toHaveCount(0);
  const font = await page.getByRole('heading', { level: 1 }).evaluate((h) => getComputedStyle(h).fontFamily);
  expect(font.toLowerCase()).toContain('arial');
  expect(font).not.toContain('GDS Transport');
});

test('a page keeps a title while its lazily loaded code is on its way', async ({ page }, testInfo) => {
  test.skip(!jsOn(testInfo), 'no code is loaded with JavaScript off');
  // Hold back the lazy routes' code (poor signal) until the page's title has been read.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked!: () => void;
  const requested = new Promise<void>((resolve) => (asked = resolve));
  await page.route(/\/pkg\/(split_|chunk_)[^/]*\.wasm$/, async (route) => {
    asked();
    await held;
    await route.continue();
  });
  await page.goto('/verify/who-do-you-work-for');
  // A chunk request alone does not show that hydration has begun, so wait
  // until the service-wide title takes over from the server's while the
  // page's own code is held: it may fall back to the service's name, never
  // to nothing.
  await requested;
  const served = `Who do you work for? - ${SERVICE}`;
  await expect.poll(() => page.title()).not.toBe(served);
  expect(await page.title()).toBe(SERVICE);
  release();
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expect(page).toHaveTitle(`Who do you work for? - ${SERVICE}`);
});

test('the accessibility statement names the tools at the versions the tests use, and what is not tested', async ({ page }, testInfo) => {
  const lock = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package-lock.json'), 'utf8'));
  const version = (name: string) => lock.packages[`node_modules/${name}`].version;
  await open(page, '/accessibility', testInfo);
  const tested = page.locator('#tested');
  await expect(tested).toContainText(`axe-core ${version('axe-core')}`);
  await expect(tested).toContainText(`@axe-core/playwright ${version('@axe-core/playwright')}`);
  await expect(tested).toContainText(`Playwright ${version('@playwright/test')}`);
  await expect(tested).toContainText(`virtual screen reader ${version('@guidepup/virtual-screen-reader')}`);
  await expect(page.locator('#not-tested')).toContainText('independent accessibility specialist');
  await expect(page.locator('#not-tested')).toContainText('real screen readers');
  // The test command builds the service it checks with the day's date.
  await expect(page.locator('#last-run')).toContainText(/These checks last ran on this version of the service on \d{1,2} \w+ \d{4}\./);
});
