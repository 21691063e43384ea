import { test, expect, open, jsOn, expectAccessible, expectNoSidewaysScroll } from './fixtures';

const PAGE = '/verify/who-do-you-work-for';

// The messages come from the one rule in app/src/domain; the server tests
// compare the same input against that rule directly.
const NO_ORGANISATION = 'Enter the name of the organisation you work for';
const NO_EMAIL = 'Enter your work email address';
const BAD_EMAIL = 'Enter an email address in the correct format, like name@example.police.uk';

test('empty answers: error summary with focus, inline errors, no post with JS on', async ({ page }, testInfo) => {
  await open(page, PAGE, testInfo);
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') posts.push(r.url());
  });
  await page.getByRole('button', { name: 'Continue' }).click();

  const summary = page.locator('.govuk-error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(summary.getByRole('link')).toHaveText([NO_ORGANISATION, NO_EMAIL]);
  await expect(page.locator('#organisation-error')).toHaveText(`Error: ${NO_ORGANISATION}`);
  await expect(page.locator('#email-error')).toHaveText(`Error: ${NO_EMAIL}`);
  await expect(page.getByLabel('Work email address')).toHaveAttribute('aria-describedby', 'email-hint email-error');
  await expect(page).toHaveTitle(/^Error: Who do you work for\?/);

  // With the wasm loaded the check ran in the browser: nothing was sent.
  // Without it, the server checked the post and drew the same page.
  expect(posts.length).toBe(jsOn(testInfo) ? 0 : 1);

  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
});

test('spec case 1: a badly formed email is refused and what was typed is kept', async ({ page }, testInfo) => {
  await open(page, PAGE, testInfo);
  await page.getByLabel('Organisation').fill('Police Scotland');
  await page.getByLabel('Work email address').fill('test@.com');
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.locator('.govuk-error-summary').getByRole('link')).toHaveText([BAD_EMAIL]);
  await expect(page.locator('#email-error')).toContainText(BAD_EMAIL);
  await expect(page.locator('#organisation-error')).toHaveCount(0);
  await expect(page.getByLabel('Organisation')).toHaveValue('Police Scotland');
  await expect(page.getByLabel('Work email address')).toHaveValue('test@.com');
  await expectAccessible(page);
});

test('an error summary link moves focus to its field', async ({ page }, testInfo) => {
  await open(page, PAGE, testInfo);
  await page.getByLabel('Organisation').fill('Police Scotland');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('.govuk-error-summary').getByRole('link', { name: NO_EMAIL }).click();
  await expect(page.getByLabel('Work email address')).toBeFocused();
});

test('correcting the answers clears the errors and goes on to check your email', async ({ page }, testInfo) => {
  await open(page, PAGE, testInfo);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.govuk-error-summary')).toBeVisible();
  await page.getByLabel('Organisation').fill('Greater Manchester Police');
  await page.getByLabel('Work email address').fill('jo.bloggs@gmp.police.uk');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/verify\/check-inbox$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your email');
});

test('the whole form works from the keyboard alone', async ({ page }, testInfo) => {
  await open(page, PAGE, testInfo);
  await page.getByLabel('Organisation').focus();
  await page.keyboard.type('Barnardo\'s');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Work email address')).toBeFocused();
  await page.keyboard.type('a.worker@barnardos.org.uk');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/verify\/check-inbox$/);
});

test('the organisation is chosen from the first-responder organisations; another name is refused', async ({ page }, testInfo) => {
  await open(page, PAGE, testInfo);
  // The field suggests the list's 526 organisations, written into the page.
  const options = page.locator('#organisation-options option');
  await expect(options).toHaveCount(526);
  await expect(page.getByLabel('Organisation')).toHaveAttribute('list', 'organisation-options');
  await page.getByLabel('Organisation').fill('Metropolitan Police');
  await page.getByLabel('Work email address').fill('jo.bloggs@met.police.uk');
  await page.getByRole('button', { name: 'Continue' }).click();
  const summary = page.locator('.govuk-error-summary');
  await expect(summary.getByRole('link')).toHaveText(['Choose your organisation from the list: start typing its name and pick it']);
  await expect(page.getByLabel('Work email address')).toHaveValue('jo.bloggs@met.police.uk');
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
  await page.getByLabel('Organisation').fill('metropolitan police service');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/verify\/check-inbox$/);
});
