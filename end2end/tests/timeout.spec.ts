import { test, expect, open, jsOn, expectAccessible } from './fixtures';
import { requestSignInLink } from './mail';

// The warning needs JavaScript; without it the server simply signs the user
// out after the idle time (tested in the server tests).
test('idle sign-out: warned 5 minutes before, can stay signed in, then signed out', async ({ page }, testInfo) => {
  test.skip(!jsOn(testInfo), 'the warning is a JavaScript enhancement');
  const email = `idle.${testInfo.project.name}.${Date.now()}@met.police.uk`;
  const path = await requestSignInLink(page, email, testInfo);

  await page.clock.install();
  await open(page, path, testInfo);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/nrm\/reports$/);
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');

  const dialog = page.getByRole('dialog', { name: 'You will be signed out soon' });
  await expect(dialog).toBeHidden();
  await page.clock.fastForward('54:00');
  await expect(dialog).toBeHidden();
  await page.clock.fastForward('01:30');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('we will sign you out in 5 minutes');
  await expect(dialog.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
  await expectAccessible(page);

  const keepAlive = page.waitForResponse((r) => r.url().endsWith('/session/keep-alive'));
  await dialog.getByRole('button', { name: 'Stay signed in' }).click();
  expect((await keepAlive).status()).toBe(204);
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/nrm\/reports$/);

  // The timers started again: the warning comes back, and then the sign-out.
  await page.clock.fastForward('55:30');
  await expect(dialog).toBeVisible();
  await page.clock.fastForward('05:00');
  await expect(page).toHaveURL(/\/signed-out$/);
});
