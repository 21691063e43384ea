import { test, expect, expectAccessible, expectNoSidewaysScroll, jsOn, open } from './fixtures';
import { ACCOUNT, ADULT_AGE, ADULT_NRM_END, START, answerSteps, cooperation, emailFor, send, startReport } from './journey';

// The demo staff accounts (loaded by the test server) and their local password.
const CASEWORKER = 'demo.caseworker@sca.example.gov.uk';
const PASSWORD = 'demo-password-1';

test('a referral reaches the queue; a caseworker opens it, and the pages pass axe', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  test.skip(testInfo.project.name === 'mobile-js', 'the desk is for desktops; 375 px is checked with JS off');
  const responder = emailFor(testInfo, 'to-desk');
  await startReport(page, responder, testInfo);
  await answerSteps(page, [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...ADULT_NRM_END]);
  const reference = await send(page, /Accept and send referral/);

  // A first responder is sent to staff sign-in, never shown a case.
  await page.goto(`/casework/cases/${reference}`);
  await expect(page).toHaveURL(/\/staff\/sign-in$/);

  const staff = await browser.newContext({
    viewport: page.viewportSize() ?? undefined,
    javaScriptEnabled: jsOn(testInfo),
  });
  const desk = await staff.newPage();
  await open(desk, '/staff/sign-in', testInfo);
  await expectAccessible(desk);
  await desk.getByLabel('Email address').fill(CASEWORKER);
  await desk.getByLabel('Password').fill('wrong');
  await desk.getByRole('button', { name: 'Sign in' }).click();
  await expect(desk.locator('.govuk-error-summary')).toBeVisible();
  await expectAccessible(desk);
  await desk.getByLabel('Email address').fill(CASEWORKER);
  await desk.getByLabel('Password').fill(PASSWORD);
  await desk.getByRole('button', { name: 'Sign in' }).click();
  await expect(desk).toHaveURL(/\/casework$/);
  await expect(desk.locator('#case-count')).toContainText('open cases');
  // The demo data fills the queue: find the new case by its reference.
  await desk.getByLabel('Reference or name').fill(reference);
  await desk.getByRole('button', { name: 'Apply filters' }).click();
  await expect(desk.locator('#case-count')).toHaveText('1 open case');
  await expect(desk.getByRole('link', { name: reference })).toBeVisible();
  await expectAccessible(desk);
  await expectNoSidewaysScroll(desk);

  await desk.getByRole('link', { name: reference }).click();
  await expect(desk.locator('#case-reference')).toHaveText(reference);
  await expect(desk.locator('#rg-due')).not.toBeEmpty();
  await expectAccessible(desk);
  await desk.getByRole('button', { name: 'Assign to me' }).click();
  await expect(desk.locator('#assignee')).toHaveText(CASEWORKER);
  await desk.getByRole('button', { name: 'Start work on the case' }).click();
  await expect(desk.locator('#case-status')).toHaveText('Reasonable grounds pending');
  await desk.getByLabel(/Reasons: ask the first responder/).fill('When did the exploitation start?');
  await desk.getByRole('button', { name: 'Ask the first responder for more information' }).click();
  await expect(desk.locator('#case-status')).toHaveText('Further information requested');
  await expect(desk.locator('#timeline')).toContainText('When did the exploitation start?');
  await expectAccessible(desk);
  await expectNoSidewaysScroll(desk);

  // The first responder sees the request in their account and answers it there.
  await open(page, `/nrm/cases/${reference}`, testInfo);
  await expect(page.locator('#thread')).toContainText('When did the exploitation start?');
  await expectAccessible(page);
  await page.getByLabel('Answer the request for information').fill('Spring 2024');
  await page.getByRole('button', { name: 'Send the answer' }).click();
  await expect(page.locator('#sent-status')).toHaveText('Reasonable grounds pending');
  await expect(page.locator('#thread')).toContainText('Spring 2024');
  await expectAccessible(page);
  await desk.reload();
  await expect(desk.locator('#timeline')).toContainText('Spring 2024');
  await staff.close();
});
