import { test, expect, expectAccessible, expectNoSidewaysScroll, open } from './fixtures';
import { Page } from '@playwright/test';
import { deskAs } from './staff';
import { ACCOUNT, ADULT_AGE, ADULT_NRM_END, START, answerSteps, cooperation, emailFor, send, startReport } from './journey';

// Demo staff accounts (loaded by the test server, with the published password and secret).
const CASEWORKER = 'demo.caseworker@sca.example.gov.uk';
const SENIOR = 'demo.reviewer@sca.example.gov.uk';

/** The row of the work list that holds the case. */
function rowOf(desk: Page, reference: string) {
  return desk.locator('#tasks tbody tr', { has: desk.getByRole('link', { name: reference, exact: true }) });
}

async function decide(desk: Page, reasons: RegExp, text: string, button: string) {
  await desk.getByLabel(reasons).fill(text);
  await desk.getByRole('button', { name: button, exact: true }).click();
}

test('a task opens with a referral, is claimed and given, follows the lifecycle and closes with it', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  test.skip(testInfo.project.name === 'mobile-js', 'the desk is for desktops; 375 px is checked with JS off');
  await startReport(page, emailFor(testInfo, 'tasks'), testInfo);
  await answerSteps(page, [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...ADULT_NRM_END]);
  const reference = await send(page, /Accept and send referral/);

  // A caseworker lands on My work, with the desk's navigation and who is signed in.
  const desk = await deskAs(page, CASEWORKER, testInfo);
  const nav = desk.getByRole('navigation', { name: 'Casework desk' });
  await expect(nav.getByRole('link')).toHaveText(['My work', 'All cases', 'Find a person', 'Duty to Notify', 'Statistics']);
  await expect(desk.locator('header')).toContainText(CASEWORKER);
  await expect(desk.getByRole('heading', { level: 1 })).toHaveText('My work');
  await expectAccessible(desk);
  await expectNoSidewaysScroll(desk);
  await desk.getByRole('navigation', { name: 'Work' }).getByRole('link', { name: 'Available work' }).click();
  await expect(desk.getByRole('heading', { level: 1 })).toHaveText('Available work');
  await expect(desk.getByRole('link', { name: 'Available work' })).toHaveAttribute('aria-current', 'page');
  await expect(desk.locator('#tasks tbody tr').first().getByRole('button', { name: /^Claim the task on / })).toBeVisible();
  await expectAccessible(desk);
  await expectNoSidewaysScroll(desk);

  // The new referral's task: the RG decision, held by nobody; claimed.
  await open(desk, `/casework/cases/${reference}`, testInfo);
  await expect(desk.locator('#task')).toHaveText('Make the reasonable grounds decision');
  await expect(desk.locator('#task-holder')).toHaveText('Nobody');
  await desk.getByRole('button', { name: 'Claim this task' }).click();
  await expect(desk.locator('#task-holder')).toHaveText(CASEWORKER);
  await expect(desk.getByRole('button', { name: 'Claim this task' })).toHaveCount(0);
  await open(desk, '/casework/my-work', testInfo);
  await expect(rowOf(desk, reference)).toContainText('Make the reasonable grounds decision');

  // A senior caseworker gives it to themselves and back.
  const senior = await deskAs(page, SENIOR, testInfo);
  await expect(senior.getByRole('navigation', { name: 'Casework desk' }).getByRole('link')).toHaveText(['My work', 'All cases', 'Find a person', 'Duty to Notify', 'Team', 'Statistics']);
  await open(senior, `/casework/cases/${reference}`, testInfo);
  await senior.getByLabel('Give the task to').selectOption(SENIOR);
  await senior.getByRole('button', { name: 'Give the task' }).click();
  await expect(senior.locator('#task-holder')).toHaveText(SENIOR);
  await open(senior, '/casework/my-work', testInfo);
  await expect(rowOf(senior, reference)).toBeVisible();
  await open(senior, `/casework/cases/${reference}`, testInfo);
  await senior.getByLabel('Give the task to').selectOption(CASEWORKER);
  await senior.getByRole('button', { name: 'Give the task' }).click();
  await expect(senior.locator('#task-holder')).toHaveText(CASEWORKER);

  // Asking for information opens the follow-up, due on the day chosen.
  await open(desk, `/casework/cases/${reference}`, testInfo);
  await desk.getByRole('button', { name: 'Start work on the case' }).click();
  const followUp = desk.getByLabel('Follow up by');
  const chosen = (await followUp.locator('option').first().innerText()).trim();
  await followUp.selectOption({ index: 0 });
  await decide(desk, /Reasons: ask the first responder/, 'Where was the car wash?', 'Ask the first responder for more information');
  await expect(desk.locator('#task')).toHaveText('Information requested: follow up');
  await expect(desk.locator('#task-due')).toContainText(chosen);
  await open(desk, '/casework/my-work', testInfo);
  await expect(rowOf(desk, reference)).toContainText('Information requested: follow up');
  await expect(rowOf(desk, reference)).toContainText(chosen);
  // The queue reads the same clock: the open task and its due date, not the RG date.
  await open(desk, `/casework?search=${reference}`, testInfo);
  const queued = desk.locator('table tbody tr', { has: desk.getByRole('link', { name: reference, exact: true }) });
  await expect(queued).toContainText('Information requested: follow up');
  await expect(queued).toContainText(chosen);

  // Back to the RG decision; a proposed negative leaves the caseworker's
  // work for a senior's review.
  await open(desk, `/casework/cases/${reference}`, testInfo);
  await decide(desk, /Reasons: record the information received/, 'Leeds, by telephone.', 'Record the information received');
  await expect(desk.locator('#task')).toHaveText('Make the reasonable grounds decision');
  await decide(desk, /Reasons: propose a negative reasonable grounds/, 'No indicators found.', 'Propose a negative reasonable grounds decision');
  await expect(desk.locator('#task')).toHaveText('Review a proposed negative decision');
  await expect(desk.locator('#task-holder')).toHaveText('Nobody');
  await expect(desk.getByRole('button', { name: 'Claim this task' })).toHaveCount(0);
  await open(desk, '/casework/my-work', testInfo);
  await expect(rowOf(desk, reference)).toHaveCount(0);

  // A review is a senior's: giving it to a caseworker is refused, clearly.
  await open(senior, `/casework/cases/${reference}`, testInfo);
  await senior.getByRole('button', { name: 'Claim this task' }).click();
  await expect(senior.locator('#task-holder')).toHaveText(SENIOR);
  await senior.getByLabel('Give the task to').selectOption(CASEWORKER);
  await senior.getByRole('button', { name: 'Give the task' }).click();
  await expect(senior.locator('.govuk-error-summary')).toContainText('Only a senior caseworker can hold this task');
  await expect(senior).toHaveTitle(/^Error:/);
  await expectAccessible(senior);
  await decide(senior, /Reasons: overturn/, 'The account holds.', 'Overturn the negative decision');

  // Overturned: the conclusive grounds task is the proposer's again, not
  // before the recovery period ends.
  await open(desk, '/casework/my-work', testInfo);
  await expect(rowOf(desk, reference)).toContainText('Make the conclusive grounds decision');
  await expect(rowOf(desk, reference)).toContainText('Not before');
  await expectAccessible(desk);
  await expectNoSidewaysScroll(desk);

  // Withdrawn: the case closes and so does its task.
  await open(desk, `/casework/cases/${reference}`, testInfo);
  await decide(desk, /Reasons: withdraw/, 'The person left the UK.', 'Withdraw the case');
  await expect(desk.locator('#task')).toHaveText('The case has no open task.');
  await open(desk, '/casework/my-work', testInfo);
  await expect(rowOf(desk, reference)).toHaveCount(0);
  await desk.context().close();
  await senior.context().close();
});
