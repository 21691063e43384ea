import { test, expect, open } from './fixtures';
import { PAGES } from './public-pages';
import { expectBeyondAxe } from './reflow';
import { ACCOUNT, ADULT_AGE, ADULT_NRM_END, START, cooperation, fill, saveAndContinue, send, startReport, emailFor, Step } from './journey';
import { signInToDesk } from './staff';

// Every page the journey and the desk have, checked for what axe cannot see:
// reflow at 320 CSS px (and 1280 px at 400%), WCAG text spacing, and forced
// colours (screenshots kept with the results). Layout is the same with
// JavaScript on and off; these run once, at 1280 px with JavaScript on.

// The text-spacing check adds a style sheet, as a reader's own would be; the
// pages' CSP allows only the service's, so it is bypassed for these tests.
test.use({ bypassCSP: true });
test.beforeEach(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop-js', 'layout checks run once, in one project');
});

test('every public page reflows, keeps its text with wide spacing and shows its controls in forced colours', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  for (const { path } of PAGES) {
    await open(page, path, testInfo);
    await expectBeyondAxe(page, testInfo, path);
  }
});

test('every step of a referral, its errors, check-your-answers and the confirmation', async ({ page }, testInfo) => {
  test.setTimeout(600_000);
  await startReport(page, emailFor(testInfo, 'beyond-axe'), testInfo);
  const steps: Step[] = [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...ADULT_NRM_END];
  for (const [slug, answers] of steps) {
    await expect(page).toHaveURL(new RegExp(`/nrm/${slug}$`));
    // The step's own page is drawn (not the last one, on its way out).
    const first = Object.keys(answers)[0];
    if (first) await expect(page.locator(`[name="${first}"]`).first()).toBeAttached();
    await expectBeyondAxe(page, testInfo, slug);
    await fill(page, answers);
    await saveAndContinue(page);
  }
  await expect(page).toHaveURL(/\/nrm\/confirm$/);
  await expectBeyondAxe(page, testInfo, 'check your answers');
  const reference = await send(page, /Accept and send referral/);
  await expectBeyondAxe(page, testInfo, 'confirmation');
  for (const path of ['/nrm/reports', '/nrm/cases', `/nrm/cases/${reference}`, '/sessions', '/report-saved?until=2027-01-31']) {
    await open(page, path, testInfo);
    await expectBeyondAxe(page, testInfo, path);
  }
  // A page in its error state: the error summary and the field's red border.
  await open(page, '/nrm/reports', testInfo);
  await page.getByRole('button', { name: 'Start a new report' }).click();
  await expect(page).toHaveURL(/\/nrm\/reference$/);
  await saveAndContinue(page);
  await expect(page.locator('.govuk-error-summary')).toBeFocused();
  await expectBeyondAxe(page, testInfo, 'a step with an error');
});

test('every page of the casework desk', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await signInToDesk(page, 'demo.reviewer@sca.example.gov.uk', testInfo);
  for (const path of ['/casework/my-work', '/casework/available-work', '/casework', '/casework?status=RgPending&sort=received', '/casework/team', '/casework/statistics', '/casework/duty-to-notify', '/casework/search?name=hoxha', '/casework/search?name=a', '/sessions']) {
    await open(page, path, testInfo);
    await expectBeyondAxe(page, testInfo, path);
  }
  await open(page, '/casework?status=RgPending', testInfo);
  await page.locator('table a.govuk-link[href^="/casework/cases/"]').first().click();
  await expect(page.locator('#case-reference')).toBeVisible();
  await expectBeyondAxe(page, testInfo, 'a case');

  const admin = await page.context().browser()!.newContext({ viewport: page.viewportSize() ?? undefined });
  const desk = await admin.newPage();
  await signInToDesk(desk, 'demo.admin@sca.example.gov.uk', testInfo);
  for (const path of ['/casework/admin/staff', '/casework/admin/responders', '/casework/admin/audit', '/casework/admin/failed-mail']) {
    await open(desk, path, testInfo);
    await expectBeyondAxe(desk, testInfo, path);
  }
  await admin.close();
});
