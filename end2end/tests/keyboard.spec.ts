import { test, expect, open } from './fixtures';
import { ACCOUNT, ADULT_AGE, ADULT_NRM_END, CHILD_END, START, Step, childAge, cooperation, emailFor, signIn } from './journey';
import { answerByKeyboard, press, tabTo } from './keyboard';
import { signInToDesk } from './staff';

// Whole referrals and a casework decision with the keyboard alone. Runs at
// 1280 px, with JavaScript on (the pages' own behaviour: client-side moves,
// reveals, error focus) and off (plain pages).

test.beforeEach(async ({}, testInfo) => {
  test.skip(!testInfo.project.name.startsWith('desktop'), 'the keyboard routes run at 1280 px');
  test.setTimeout(600_000);
});

async function referByKeyboard(page: import('@playwright/test').Page, steps: Step[]) {
  for (const [slug, answers] of steps) {
    await expect(page).toHaveURL(new RegExp(`/nrm/${slug}(#.*)?$`));
    await expect(page.locator('h1')).toBeVisible();
    await answerByKeyboard(page, answers);
  }
  await expect(page).toHaveURL(/\/nrm\/confirm(#.*)?$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Check your answers/);
  await tabTo(page, 'the send button', (s) => s.tag === 'button' && /^Accept and send/.test(s.text));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/nrm\/confirmation\?reference=NRM-/);
  await expect(page.locator('#reference')).toHaveText(/^NRM-\d{4}-\d{6}$/);
}

async function startByKeyboard(page: import('@playwright/test').Page, label: string, testInfo: import('@playwright/test').TestInfo) {
  await signIn(page, emailFor(testInfo, label), testInfo);
  await tabTo(page, 'Start a new report', (s) => s.tag === 'button' && s.text === 'Start a new report');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/nrm\/reference$/);
}

test('an adult referral from the dashboard to its reference, with the keyboard alone', async ({ page }, testInfo) => {
  await startByKeyboard(page, 'keys-adult', testInfo);
  // A question left unanswered: the error summary takes the focus, and its
  // link takes the focus to the field.
  await tabTo(page, 'Save and continue', (s) => s.tag === 'button' && s.text === 'Save and continue');
  await page.keyboard.press('Enter');
  await expect(page.locator('.govuk-error-summary')).toBeFocused();
  await tabTo(page, 'the error link', (s) => s.tag === 'a' && s.text.length > 0);
  await page.keyboard.press('Enter');
  await expect(page.locator('[name="reference"]')).toBeFocused();
  await referByKeyboard(page, [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...ADULT_NRM_END]);
});

test('a child referral from the dashboard to its reference, with the keyboard alone', async ({ page }, testInfo) => {
  await startByKeyboard(page, 'keys-child', testInfo);
  await referByKeyboard(page, [...START, ...childAge('yes'), ...ACCOUNT, ...cooperation('no'), ...CHILD_END]);
});

test('a senior caseworker opens a case from the queue and decides it, with the keyboard alone', async ({ page }, testInfo) => {
  await signInToDesk(page, 'demo.reviewer@sca.example.gov.uk', testInfo);
  await open(page, '/casework?status=RgPending', testInfo);
  // Each project decides a case of its own.
  const row = testInfo.project.name === 'desktop-js' ? 1 : 2;
  const reference = (await page.locator('table a.govuk-link[href^="/casework/cases/"]').nth(row).innerText()).trim();
  await tabTo(page, `the case ${reference}`, (s) => s.tag === 'a' && s.text === reference);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/casework/cases/${reference}$`));
  await expect(page.locator('#case-reference')).toHaveText(reference);
  const reasons = page.getByLabel(/Reasons: positive reasonable grounds/);
  const reasonsId = await reasons.getAttribute('id');
  await tabTo(page, 'the reasons', (s) => s.id === reasonsId);
  const why = `Keyboard decision: the account is consistent (${testInfo.project.name}).`;
  await page.keyboard.type(why);
  await tabTo(page, 'the decision', (s) => s.tag === 'button' && s.text === 'Positive reasonable grounds decision');
  await page.keyboard.press('Enter');
  await expect(page.locator('#case-status')).toHaveText('Recovery period');
  await expect(page.getByRole('button', { name: 'Positive reasonable grounds decision' })).toHaveCount(0);
  // The decision's reasons are on the case's timeline, a tab away by keyboard too.
  await tabTo(page, 'the timeline tab', (s) => s.tag === 'a' && s.text === 'Timeline');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/casework/cases/${reference}/timeline$`));
  await expect(page.locator('#timeline')).toContainText(why);
});
