import { test, expect, open, expectAccessible, expectNoSidewaysScroll } from './fixtures';
import { requestSignInLink } from './mail';

test('spec cases 2 and 3: sign in with the emailed link, once, then sign out', async ({ page }, testInfo) => {
  const email = `e2e.${testInfo.project.name}.${Date.now()}@met.police.uk`;

  const path = await requestSignInLink(page, email, testInfo);
  await expectAccessible(page);

  // The link lands on a page with a button: opening it alone signs nobody in.
  await open(page, path, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to make a referral');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page).toHaveURL(/\/nrm\/reports$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your reports');
  await expect(page.locator('#signed-in-as')).toContainText(email);
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signed-out$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You have signed out');
  await expectAccessible(page);

  // Signed out, the dashboard sends you to sign in.
  await page.goto('/nrm/reports');
  await expect(page).toHaveURL(/\/verify\/who-do-you-work-for$/);

  // The same link a second time does not work.
  await open(page, path, testInfo);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/nrm\/token-invalid$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('That sign-in link does not work');
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
});

test('spec case 1: an address outside the allowed domains is not recognised', async ({ page }, testInfo) => {
  await open(page, '/verify/who-do-you-work-for', testInfo);
  await page.getByLabel('Organisation').fill('Police Scotland');
  await page.getByLabel('Work email address').fill('test@test.com');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/verify\/email-not-recognised$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We do not recognise that email address');
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
});
