import { Page } from '@playwright/test';
import { test, expect, jsOn, expectNoSidewaysScroll } from './fixtures';
import {
  ACCOUNT,
  ADULT_AGE,
  ADULT_NRM_END,
  CHILD_END,
  START,
  answerSteps,
  childAge,
  cooperation,
  dtnEnd,
  emailFor,
  expectEmailWith,
  fill,
  saveAndContinue,
  send,
  startReport,
} from './journey';

// Whole journeys, each from sign-in to a reference on screen and in the email,
// on phones with JavaScript on and with JavaScript off. The 1280 px projects
// run them too, with axe on every step in its default and error states.

test.describe('whole journeys', () => {
  test.beforeEach(async ({}, testInfo) => {
    test.setTimeout(300_000);
    test.skip(testInfo.project.name === 'desktop-js', 'covered at 375 px with JS on and at 1280 px with JS off');
  });

  // axe on every step: at 375 px with JavaScript on for every route, and at
  // 1280 px with JavaScript off (every reveal open) for the longest route.
  function checkEveryState(projectName: string, longest = false) {
    return projectName === 'mobile-js' || (longest && projectName === 'desktop-nojs');
  }

  test('adult NRM with support and a someone-else decision recipient', async ({ page }, testInfo) => {
    const email = emailFor(testInfo, 'adult-nrm');
    await startReport(page, email, testInfo);
    await answerSteps(
      page,
      [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...ADULT_NRM_END],
      checkEveryState(testInfo.project.name, true),
    );
    await expect(page).toHaveURL(/\/nrm\/confirm$/);
    // Hostile text is shown as text, never run.
    await expect(page.getByText('<script>alert(1)</script>')).toBeVisible();
    await expect(page.locator('.govuk-summary-list').getByText('Case <b>one</b>')).toBeVisible();
    await expectNoSidewaysScroll(page);
    const reference = await send(page, /Accept and send referral/);
    expect(reference).toMatch(/^NRM-/);
    await expect(page.getByText('5 working days')).toBeVisible();
    await expectEmailWith(email, reference);
  });

  test('adult Duty to Notify, anonymous', async ({ page }, testInfo) => {
    const email = emailFor(testInfo, 'dtn-anon');
    await startReport(page, email, testInfo);
    await answerSteps(page, [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...dtnEnd(false)]);
    await expect(page.getByRole('heading', { name: /Duty to Notify/ })).toBeVisible();
    await expect(page.getByText('Ana', { exact: true })).toHaveCount(0);
    const reference = await send(page, /Accept and send report/);
    expect(reference).toMatch(/^DTN-/);
    await expect(page.getByRole('heading', { name: 'Duty to Notify report sent' })).toBeVisible();
    await expectEmailWith(email, reference);
  });

  test('adult Duty to Notify with cooperation', async ({ page }, testInfo) => {
    const email = emailFor(testInfo, 'dtn-coop');
    await startReport(page, email, testInfo);
    await answerSteps(
      page,
      [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('yes'), ...dtnEnd(true)],
      checkEveryState(testInfo.project.name),
    );
    await expect(page.getByText('1 High Street')).toBeVisible();
    const reference = await send(page, /Accept and send report/);
    expect(reference).toMatch(/^DTN-/);
    // Case 21: no support section for a Duty to Notify report.
    await expect(page.getByRole('heading', { name: 'Support', exact: true })).toHaveCount(0);
    await expectEmailWith(email, reference);
  });

  test('child (under 18: yes)', async ({ page }, testInfo) => {
    const email = emailFor(testInfo, 'child');
    await startReport(page, email, testInfo);
    await answerSteps(
      page,
      [...START, ...childAge('yes'), ...ACCOUNT, ...cooperation('no'), ...CHILD_END],
      checkEveryState(testInfo.project.name),
    );
    // Case 24: the consent row shows Yes with a note and no change link.
    const consent = page.locator('.govuk-summary-list__row', { hasText: 'Agrees to be referred' });
    await expect(consent).toContainText('Yes');
    await expect(consent).toContainText('Children are referred automatically');
    await expect(consent.getByRole('link')).toHaveCount(0);
    const reference = await send(page, /Accept and send referral/);
    expect(reference).toMatch(/^NRM-/);
    await expectEmailWith(email, reference);
  });

  test('age not sure is treated as a child', async ({ page }, testInfo) => {
    const email = emailFor(testInfo, 'not-sure');
    await startReport(page, email, testInfo);
    await answerSteps(page, [...START, ...childAge('not-sure'), ...ACCOUNT, ...cooperation('no'), ...CHILD_END]);
    const reference = await send(page, /Accept and send referral/);
    expect(reference).toMatch(/^NRM-/);
    await expectEmailWith(email, reference);
  });
});

test('with JavaScript on, steps move on without a full page load', async ({ page }, testInfo) => {
  test.skip(!jsOn(testInfo), 'needs the wasm');
  await startReport(page, emailFor(testInfo, 'spa'), testInfo);
  let loads = 0;
  page.on('load', () => loads++);
  await answerSteps(page, START);
  await expect(page).toHaveURL(/\/nrm\/pv-under-age$/);
  expect(loads, 'no full page loads between steps').toBe(0);
  // The browser checks before anything is sent, and focus goes to the summary.
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.locator('.govuk-error-summary')).toBeFocused();
  await expect(page).toHaveTitle(/^Error: /);
  expect(loads).toBe(0);
  // Back goes to the previous step, also without a load.
  await page.getByRole('link', { name: 'Back' }).click();
  await expect(page).toHaveURL(/\/nrm\/fr-location$/);
  await expect(page.locator('input[value="scotland"]')).toBeChecked();
  expect(loads).toBe(0);
});

// The wasm does not carry the reference lists: a step fetches its list the
// first time it needs it, and the server writes the options into every page.
test.describe('reference lists with JavaScript on', () => {
  // How the page fetches a list itself, as on a first visit: without the
  // worker, which keeps the lists once installed (offline.spec.ts).
  test.use({ serviceWorkers: 'block' });
  const [toLocalAuthority, [localAuthorityStep, localAuthority]] = childAge('yes');
  const options = (page: Page) => page.locator('datalist option');

  test.beforeEach(async ({}, testInfo) => {
    test.skip(!jsOn(testInfo), 'needs the wasm');
  });

  test('a step fetches its list once, and its answer is checked only when the list is here', async ({ page }, testInfo) => {
    await startReport(page, emailFor(testInfo, 'lists'), testInfo);
    const asked: string[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/reference-list?*', async (route) => {
      asked.push(new URL(route.request().url()).searchParams.get('list') ?? '');
      await held;
      await route.continue();
    });
    let loads = 0;
    page.on('load', () => loads++);
    await answerSteps(page, [...START, toLocalAuthority]);
    await expect(page).toHaveURL(new RegExp(`/nrm/${localAuthorityStep}$`));
    await expect.poll(() => asked).toEqual(['LocalAuthorities']);
    await expect(options(page)).toHaveCount(0);
    await fill(page, localAuthority);
    await saveAndContinue(page);
    // Held until the list arrives: not refused (a refusal would be drawn by the next frames), not sent.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await expect(page.locator('.govuk-error-summary')).toHaveCount(0);
    await expect(page).toHaveURL(new RegExp(`/nrm/${localAuthorityStep}$`));
    release();
    await expect(page).toHaveURL(/\/nrm\/what-is-their-background$/);

    // Back on the step, the list is here at once and is not fetched again.
    await page.getByRole('link', { name: 'Back' }).click();
    await expect(page).toHaveURL(new RegExp(`/nrm/${localAuthorityStep}$`));
    await expect(options(page)).toHaveCount(451);
    await expect(options(page).first()).toHaveAttribute('value', 'Bath and North East Somerset Council');
    // An answer not in the list is refused in the browser.
    await page.locator('[name="local-authority-contacted-about-child-local-authority-name"]').fill('Aberdeen Council');
    await saveAndContinue(page);
    await expect(page.locator('.govuk-error-summary')).toBeFocused();
    await expect(page.locator('.govuk-error-summary')).toContainText('choose it from the list');
    expect(loads, 'no full page loads').toBe(0);
    expect(asked).toEqual(['LocalAuthorities']);

    // A page the server drew keeps its options through hydration.
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
    await expect(options(page)).toHaveCount(451);
  });

  test('when its list cannot be fetched, a step is sent to the server to check', async ({ page, consoleErrors }, testInfo) => {
    await startReport(page, emailFor(testInfo, 'no-lists'), testInfo);
    await page.route('**/api/reference-list?*', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
    let loads = 0;
    page.on('load', () => loads++);
    await answerSteps(page, [...START, toLocalAuthority]);
    await expect(page).toHaveURL(new RegExp(`/nrm/${localAuthorityStep}$`));
    await fill(page, localAuthority);
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/nrm\/what-is-their-background$/);
    // The refused fetches are this test's doing, not faults.
    const expected = consoleErrors.filter((e) => e.includes('reference-list'));
    expect(expected.length).toBeGreaterThan(0);
    consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !e.includes('reference-list')));
    await expect.poll(() => loads, { message: 'the answers went as a plain post' }).toBe(1);
  });
});
