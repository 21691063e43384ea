import * as fs from 'fs';
import { test, expect, expectAccessible, expectNoSidewaysScroll } from './fixtures';
import { ACCOUNT, ADULT_AGE, ADULT_NRM_END, START, Step, answerSteps, cooperation, emailFor, send, signIn, startReport } from './journey';
import { latestEmailTo, subjectsTo } from './mail';
import { clockFile, mailDir } from '../playwright.config';
import { Browser, Page } from '@playwright/test';
import { signInToDesk } from './staff';

const CASEWORKER = 'demo.caseworker@sca.example.gov.uk';
const REVIEWER = 'demo.reviewer@sca.example.gov.uk';
const DAY = 86_400;

/** Moves the server's clock `days` ahead of the real one. */
function moveClock(days: number) {
  fs.writeFileSync(clockFile, String(days * DAY));
}

async function staffDesk(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const desk = await context.newPage();
  await signInToDesk(desk, email, test.info());
  return desk;
}

test.afterAll(() => moveClock(0));

test('a case through its whole lifecycle, with the recovery period passed by moving the clock', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  moveClock(0);
  const responder = emailFor(testInfo, 'lifecycle');
  const recipient = emailFor(testInfo, 'recipient').replace('@met.police.uk', '@charity.example.org');
  const steps: Step[] = ADULT_NRM_END.map(([slug, answers]) =>
    slug === 'someone-else' ? [slug, { ...answers, 'someone-else-email-input': recipient }] : [slug, answers],
  );
  await startReport(page, responder, testInfo);
  await answerSteps(page, [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...steps]);
  const reference = await send(page, /Accept and send referral/);

  // The case is in the queue with its RG due date; a caseworker takes it.
  const desk = await staffDesk(browser, CASEWORKER);
  await desk.goto('/casework');
  await desk.getByLabel('Reference or name').fill(reference);
  await desk.getByRole('button', { name: 'Apply filters' }).click();
  await expect(desk.getByRole('link', { name: reference, exact: true })).toBeVisible();
  await desk.getByRole('link', { name: reference, exact: true }).click();
  await expect(desk.locator('#rg-due')).toContainText(/\d{4}/);
  await desk.getByRole('button', { name: 'Claim this task' }).click();
  await desk.getByRole('button', { name: 'Start work on the case' }).click();
  await desk.getByLabel(/Reasons: ask the first responder/).fill('Which town was the car wash in?');
  await desk.getByRole('button', { name: 'Ask the first responder for more information' }).click();
  await expect(desk.locator('#case-status')).toHaveText('Further information requested');

  // The first responder answers in their account.
  await page.goto(`/nrm/cases/${reference}`);
  await expect(page.locator('#thread')).toContainText('Which town was the car wash in?');
  await page.getByLabel('Answer the request for information').fill('Leeds');
  await page.getByRole('button', { name: 'Send the answer' }).click();
  await expect(page.locator('#sent-status')).toHaveText('Reasonable grounds pending');

  // A positive RG decision starts the recovery period and writes letters.
  await desk.reload();
  await desk.getByLabel(/Reasons: positive reasonable grounds/).fill('A consistent account with indicators of forced labour.');
  await desk.getByRole('button', { name: 'Positive reasonable grounds decision' }).click();
  await expect(desk.locator('#case-status')).toHaveText('Recovery period');
  await expect(desk.getByRole('button', { name: 'Start the conclusive grounds decision' })).toBeVisible();
  await desk.getByRole('button', { name: 'Start the conclusive grounds decision' }).click();
  await expect(desk.locator('body')).toContainText('The recovery period runs until');
  await desk.goBack();

  // 31 days later (sessions have expired: everyone signs in again).
  moveClock(31);
  const later = await staffDesk(browser, CASEWORKER);
  await later.goto(`/casework/cases/${reference}`);
  await later.getByRole('button', { name: 'Start the conclusive grounds decision' }).click();
  await expect(later.locator('#case-status')).toHaveText('Conclusive grounds pending');
  await later.getByLabel(/Reasons: propose a negative conclusive/).fill('Dates in the account do not agree.');
  await later.getByRole('button', { name: 'Propose a negative conclusive grounds decision' }).click();
  await expect(later.locator('#case-status')).toHaveText('Negative CG in review');
  await expect(later.getByRole('button', { name: 'Overturn the negative decision' })).toHaveCount(0);

  // A second, more senior person reviews it, and overturns it: CG positive is issued.
  const reviewer = await staffDesk(browser, REVIEWER);
  await reviewer.goto(`/casework/cases/${reference}`);
  await expectAccessible(reviewer);
  await reviewer.getByLabel(/Reasons: overturn/).fill('The dates differ by days only; the account holds.');
  await reviewer.getByRole('button', { name: 'Overturn the negative decision' }).click();
  await expect(reviewer.locator('#case-status')).toHaveText('Positive conclusive grounds');

  // The timeline shows every step; letters went only to the safe routes.
  await reviewer.goto(`/casework/cases/${reference}/timeline`);
  const timeline = reviewer.locator('#timeline');
  for (const title of [
    'Start work on the case',
    'Ask the first responder for more information',
    'Record the information received',
    'Positive reasonable grounds decision',
    'Start the conclusive grounds decision',
    'Propose a negative conclusive grounds decision',
    'Overturn the negative decision',
    'Letter to the first responder by email',
    'Letter to the decision recipient by email',
  ]) {
    await expect(timeline).toContainText(title);
  }
  await reviewer.goto(`/casework/cases/${reference}/letters`);
  await expect(reviewer.locator('#letters tbody tr')).toHaveCount(4);
  await expectAccessible(reviewer);
  await expectNoSidewaysScroll(reviewer);
  await latestEmailTo(recipient, 'National Referral Mechanism conclusive grounds decision');
  expect(subjectsTo(recipient).sort()).toEqual([
    `National Referral Mechanism conclusive grounds decision: ${reference}`,
    `National Referral Mechanism reasonable grounds decision: ${reference}`,
  ]);
  await latestEmailTo(responder, 'National Referral Mechanism conclusive grounds decision');

  // The first responder sees the outcome in their account.
  await signIn(page, responder, testInfo);
  await page.goto(`/nrm/cases/${reference}`);
  await expect(page.locator('#sent-status')).toHaveText('Positive conclusive grounds');
  await expect(page.locator('#thread')).toContainText('Overturn');
  await expectAccessible(page);
  moveClock(0);
});
