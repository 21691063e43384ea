import { test, expect, expectAccessible, expectNoSidewaysScroll, jsOn, open } from './fixtures';
import { Page, TestInfo } from '@playwright/test';
import * as fs from 'fs';
import { execFileSync } from 'child_process';
import { database } from '../playwright.config';
import { subjectsTo } from './mail';
import { deskAs, giveCode, giveCodeOn, givePassword, signInToDesk } from './staff';
import { ACCOUNT, ADULT_AGE, ADULT_NRM_END, START, answerSteps, cooperation, emailFor, send, signIn, startReport } from './journey';

// A demo staff account (loaded by the test server, with the published password and secret).
const CASEWORKER = 'demo.caseworker@sca.example.gov.uk';

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
  await givePassword(desk, CASEWORKER);
  // The code from the authenticator app: a wrong one first, shown as an error.
  await expect(desk).toHaveURL(/\/staff\/second-factor$/);
  await expect(desk.getByRole('heading', { level: 1 })).toHaveText('Enter the code from your authenticator app');
  await expectAccessible(desk);
  await desk.getByLabel('Code from your authenticator app').fill('12345');
  await desk.getByRole('button', { name: 'Continue' }).click();
  await expect(desk.locator('.govuk-error-summary')).toContainText('Enter the code as 6 digits');
  await expect(desk).toHaveTitle(/^Error: /);
  await expectAccessible(desk);
  await giveCode(desk, CASEWORKER);
  // A caseworker lands on their work; every case is one step away in the desk's navigation.
  await expect(desk).toHaveURL(/\/casework\/my-work$/);
  await expect(desk.getByRole('navigation', { name: 'Casework desk' }).getByRole('link', { name: 'My work' })).toHaveAttribute('aria-current', 'page');
  await desk.getByRole('navigation', { name: 'Casework desk' }).getByRole('link', { name: 'All cases' }).click();
  await expect(desk).toHaveURL(/\/casework$/);
  await expect(desk.locator('#case-count')).toContainText('open cases');
  // The demo data fills the queue: find the new case by its reference.
  await desk.getByLabel('Reference or name').fill(reference);
  await desk.getByRole('button', { name: 'Apply filters' }).click();
  await expect(desk.locator('#case-count')).toHaveText('1 open case');
  await expect(desk.getByRole('link', { name: reference, exact: true })).toBeVisible();
  await expectAccessible(desk);
  await expectNoSidewaysScroll(desk);

  await desk.getByRole('link', { name: reference, exact: true }).click();
  await expect(desk.locator('#case-reference')).toHaveText(reference);
  await expect(desk.locator('#rg-due')).not.toBeEmpty();
  await expectAccessible(desk);
  await desk.getByRole('button', { name: 'Claim this task' }).click();
  await expect(desk.locator('#task-holder')).toHaveText(CASEWORKER);
  await desk.getByRole('button', { name: 'Start work on the case' }).click();
  await expect(desk.locator('#case-status')).toHaveText('Reasonable grounds pending');
  await desk.getByLabel(/Reasons: ask the first responder/).fill('When did the exploitation start?');
  await desk.getByRole('button', { name: 'Ask the first responder for more information' }).click();
  await expect(desk.locator('#case-status')).toHaveText('Further information requested');
  // Each of the case's tabs is a page of its own.
  for (const tab of ['Referral', 'Timeline', 'Documents', 'Letters', 'Linked cases', 'Access', 'Summary']) {
    await desk.getByRole('navigation', { name: 'Case' }).getByRole('link', { name: tab, exact: true }).click();
    await expect(desk.locator('#tab-heading')).toHaveText(tab);
    await expect(desk.getByRole('navigation', { name: 'Case' }).getByRole('link', { name: tab, exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(desk.locator('#identity')).toContainText('Further information requested');
    await expectAccessible(desk);
    await expectNoSidewaysScroll(desk);
  }
  await desk.getByRole('navigation', { name: 'Case' }).getByRole('link', { name: 'Timeline' }).click();
  await expect(desk.locator('#timeline')).toContainText('When did the exploitation start?');

  // The first responder sees the request in their account and answers it there.
  await open(page, `/nrm/cases/${reference}`, testInfo);
  await expect(page.locator('#thread')).toContainText('When did the exploitation start?');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Send the answer' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('Enter the information asked for');
  await expect(page).toHaveURL(new RegExp(`/nrm/cases/${reference}$`));
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

test('statistics, team workload and a case in its error states pass axe', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const senior = await deskAs(page, 'demo.reviewer@sca.example.gov.uk', testInfo);
  await senior.getByRole('link', { name: 'Statistics' }).click();
  await expect(senior.getByRole('heading', { level: 1 })).toHaveText('Statistics');
  await expect(senior.locator('svg.nrm-chart').first()).toBeVisible();
  await expectAccessible(senior);
  await expectNoSidewaysScroll(senior);
  const download = senior.waitForEvent('download');
  await senior.getByRole('link', { name: 'Download this table as a spreadsheet (CSV)' }).first().click();
  expect((await download).suggestedFilename()).toBe('nrm-quarters.csv');

  await open(senior, '/casework', testInfo);
  await senior.getByRole('link', { name: 'Duty to Notify', exact: true }).click();
  await expect(senior.locator('#dtn-count')).toContainText('reports');
  await expectAccessible(senior);
  await expectNoSidewaysScroll(senior);

  await open(senior, '/casework/team', testInfo);
  await expect(senior.locator('#workload')).toContainText('demo.caseworker@sca.example.gov.uk');
  await expectAccessible(senior);
  await expectNoSidewaysScroll(senior);

  // A case: an empty note and a decision without reasons come back as errors.
  await open(senior, '/casework?status=RgPending', testInfo);
  await senior.locator('table a.govuk-link[href^="/casework/cases/"]').first().click();
  await expect(senior.locator('#case-reference')).toBeVisible();
  await expectAccessible(senior);
  await senior.getByRole('button', { name: 'Add note' }).click();
  await expect(senior.locator('.govuk-error-summary')).toContainText('Enter a note');
  await expect(senior).toHaveTitle(/^Error:/);
  // The refused form comes back as the case's own page, which still works.
  await expect(senior).toHaveURL(/\/casework\/cases\/[A-Z]+-\d{4}-\d{6}$/);
  await expectAccessible(senior);
  await senior.getByRole('button', { name: 'Positive reasonable grounds decision' }).click();
  await expect(senior.locator('.govuk-error-summary')).toContainText('Enter the reasons');
  await senior.locator('.govuk-error-summary a').click();
  await expect(senior.getByLabel(/Reasons: positive reasonable grounds/)).toBeFocused();
  await expectAccessible(senior);
  await expectNoSidewaysScroll(senior);
  await senior.context().close();
});

test('an administrator adds a member of staff, who sets up a second factor and signs in with a code and a recovery code', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const admin = await deskAs(page, 'demo.admin@sca.example.gov.uk', testInfo);
  // Administrators land on staff accounts: they manage accounts, not cases.
  await expect(admin).toHaveURL(/\/casework\/admin\/staff$/);
  // The queue is not theirs: they are told so, in a page that passes axe.
  const refused = await admin.goto('/casework');
  expect(refused?.status()).toBe(403);
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('You cannot open this page');
  await expect(admin.locator('main')).not.toContainText('NRM-');
  await expectAccessible(admin);
  await admin.goto('/casework/admin/staff');
  await expect(admin.locator('#staff-accounts')).toContainText('demo.caseworker@sca.example.gov.uk');
  await expectAccessible(admin);
  await expectNoSidewaysScroll(admin);
  const email = `new.${testInfo.project.name}.${Date.now()}@sca.example.gov.uk`;
  await admin.getByLabel('Email address').fill(email);
  await admin.getByLabel('Full name').fill('Robin Example');
  await admin.getByRole('button', { name: 'Add account' }).click();
  await expect(admin.locator('.govuk-error-summary')).toContainText('Select a role');
  await expect(admin.locator('.govuk-error-summary')).toContainText('at least 12 characters');
  await expect(admin.getByLabel('Full name')).toHaveValue('Robin Example');
  await expectAccessible(admin);
  await admin.getByLabel('Caseworker', { exact: true }).check();
  await admin.getByLabel('First password').fill('a first password for robin');
  await admin.getByRole('button', { name: 'Add account' }).click();
  await expect(admin.locator('.govuk-notification-banner')).toContainText(email);
  await expect(admin.locator('#staff-accounts')).toContainText(email);
  await expectAccessible(admin);
  await admin.context().close();

  // Robin's first sign-in opens only the page to choose their own password.
  const robin = await (await page.context().browser()!.newContext({
    viewport: page.viewportSize() ?? undefined,
    javaScriptEnabled: jsOn(testInfo),
  })).newPage();
  await open(robin, '/staff/sign-in', testInfo);
  await robin.getByLabel('Email address').fill(email);
  await robin.getByLabel('Password').fill('a first password for robin');
  await robin.getByRole('button', { name: 'Sign in' }).click();
  await expect(robin).toHaveURL(/\/staff\/change-password\?due=true/);
  await expect(robin.getByRole('heading', { level: 1 })).toHaveText('Change your password');
  await expect(robin.locator('#password-due')).toBeVisible();
  await expect(robin.getByLabel('Email address')).toHaveValue(email);
  await expectAccessible(robin);
  await expectNoSidewaysScroll(robin);
  await robin.getByLabel('Current password').fill('a first password for robin');
  await robin.getByLabel('New password', { exact: true }).fill('robins own password');
  await robin.getByLabel('New password again').fill('robins own passw0rd');
  await robin.getByRole('button', { name: 'Change password' }).click();
  const summary = robin.locator('.govuk-error-summary');
  await expect(summary).toContainText('Enter the same new password again');
  await expect(summary).toBeFocused();
  await expectAccessible(robin);
  await robin.getByLabel('Current password').fill('a first password for robin');
  await robin.getByLabel('New password', { exact: true }).fill('robins own password');
  await robin.getByLabel('New password again').fill('robins own password');
  await robin.getByRole('button', { name: 'Change password' }).click();

  // Then the second factor is set up: a QR code, and the key typed out.
  await expect(robin).toHaveURL(/\/staff\/second-factor\/set-up$/);
  await expect(robin.getByRole('heading', { level: 1 })).toHaveText('Set up your second factor');
  await expect(robin.getByRole('img', { name: /QR code for your authenticator app/ })).toBeVisible();
  const secret = (await robin.locator('#setup-key').innerText()).replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessible(robin);
  await expectNoSidewaysScroll(robin);
  await robin.getByLabel('Code from your authenticator app').fill('');
  await robin.getByRole('button', { name: 'Confirm and continue' }).click();
  await expect(robin.locator('.govuk-error-summary')).toContainText('Enter the 6-digit code from your authenticator app');
  await expect(robin.locator('#setup-key')).toHaveText(/\S/);
  await expectAccessible(robin);
  // Ten recovery codes, shown this once.
  await giveCodeOn(robin, email, secret, 'Confirm and continue', () =>
    expect(robin.getByRole('heading', { level: 1 })).toHaveText('Your second factor is set up'),
  );
  const codes = await robin.locator('#recovery-codes li').allInnerTexts();
  expect(codes).toHaveLength(10);
  expect(codes[0]).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  await expectAccessible(robin);
  await expectNoSidewaysScroll(robin);
  await robin.getByRole('button', { name: 'I have saved my codes: continue' }).click();
  await expect(robin).toHaveURL(/\/casework\/my-work$/);
  await robin.getByRole('button', { name: 'Sign out' }).first().click();
  await expect(robin).toHaveURL(/\/signed-out$/);

  // A recovery code signs in once; the same code again is refused.
  for (const attempt of ['first', 'again']) {
    await open(robin, '/staff/sign-in', testInfo);
    await givePassword(robin, email, 'robins own password');
    await expect(robin).toHaveURL(/\/staff\/second-factor$/);
    await robin.getByRole('link', { name: 'I cannot use my authenticator app' }).click();
    await expect(robin.getByRole('heading', { level: 1 })).toHaveText('Enter a recovery code');
    if (attempt === 'first') await expectAccessible(robin);
    await robin.getByLabel('Recovery code').fill(codes[0].toUpperCase());
    await robin.getByRole('button', { name: 'Continue' }).click();
    if (attempt === 'first') {
      await expect(robin).toHaveURL(/\/casework\/my-work$/);
      await robin.getByRole('button', { name: 'Sign out' }).first().click();
      await expect(robin).toHaveURL(/\/signed-out$/);
    } else {
      await expect(robin.locator('.govuk-error-summary')).toContainText('This recovery code is not right, or it was used already');
      await expect(robin).toHaveTitle(/^Error: /);
      await expectAccessible(robin);
    }
  }
  // Another of the codes still works.
  await robin.getByLabel('Recovery code').fill(codes[1]);
  await robin.getByRole('button', { name: 'Continue' }).click();
  await expect(robin).toHaveURL(/\/casework\/my-work$/);

  // From now on Robin signs in with the app; here in a second browser.
  const again = await (await page.context().browser()!.newContext({
    viewport: page.viewportSize() ?? undefined,
    javaScriptEnabled: jsOn(testInfo),
  })).newPage();
  await open(again, '/staff/sign-in', testInfo);
  await givePassword(again, email, 'robins own password');
  await giveCode(again, email, secret);
  await expect(again).toHaveURL(/\/casework\/my-work$/);

  // Robin sees both sessions there, and ends the first browser's.
  await again.getByRole('link', { name: 'Your sessions' }).click();
  await expect(again.getByRole('heading', { level: 1 })).toHaveText('Where you are signed in');
  await expect(again.locator('#sessions .govuk-summary-list__row')).toHaveCount(2);
  await expect(again.locator('#sessions')).toContainText('This browser');
  await expect(again.locator('#sessions')).toContainText('Chrome');
  await expectAccessible(again);
  await expectNoSidewaysScroll(again);
  await again.getByRole('button', { name: /^End session/ }).click();
  await expect(again.locator('.govuk-notification-banner')).toContainText('The session has ended');
  await expect(again.locator('#no-other-sessions')).toBeVisible();
  await expectAccessible(again);
  await robin.goto('/casework');
  await expect(robin).toHaveURL(/\/staff\/sign-in$/);
  await robin.context().close();
  await again.context().close();
});


test('administrators read the audit log by person and by case; a case shows who opened it', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  // A senior caseworker opens a case: it says so on the case.
  const senior = await deskAs(page, 'demo.reviewer@sca.example.gov.uk', testInfo);
  await open(senior, '/casework?status=RgPending', testInfo);
  await senior.locator('table a.govuk-link[href^="/casework/cases/"]').first().click();
  const reference = (await senior.locator('#case-reference').innerText()).trim();
  await senior.getByRole('navigation', { name: 'Case' }).getByRole('link', { name: 'Access' }).click();
  await expect(senior.locator('#viewed-by')).toContainText('demo.reviewer@sca.example.gov.uk (senior caseworker)');
  await senior.context().close();

  const admin = await deskAs(page, 'demo.admin@sca.example.gov.uk', testInfo);
  await admin.getByRole('link', { name: 'Read the audit log' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Audit log');
  await expectAccessible(admin);
  await expectNoSidewaysScroll(admin);
  await admin.getByLabel('Case reference').fill(reference);
  await admin.getByRole('button', { name: 'Show records' }).click();
  await expect(admin).toHaveURL(new RegExp(`case=${reference}`));
  await expect(admin.locator('#audit-rows')).toContainText('Opened the case');
  await expect(admin.locator('#audit-rows')).toContainText('demo.reviewer@sca.example.gov.uk');
  await expectAccessible(admin);
  // Everything held about the case, as one zip; downloading it is on record.
  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('link', { name: `Download everything held about ${reference} (zip)` }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${reference}.zip`);
  const zip = fs.readFileSync(await download.path());
  expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  // The file names of a zip are stored as they are: the case's record and its audit rows.
  expect(zip.includes('case.json')).toBe(true);
  expect(zip.includes('audit.json')).toBe(true);
  // A fresh visit, not a reload: the page that started a download may still
  // count that navigation as its last.
  await open(admin, `/casework/admin/audit?case=${reference}`, testInfo);
  await expect(admin.locator('#audit-rows')).toContainText('Exported everything held about a case');
  await expectAccessible(admin);
  await open(admin, '/casework/admin/audit?person=demo.admin@sca.example.gov.uk', testInfo);
  await expect(admin.locator('#audit-rows')).toContainText('Signed in to the casework desk');
  await expectAccessible(admin);
  await expectNoSidewaysScroll(admin);
  await admin.getByLabel('Case reference').fill('NRM-NO-SUCH-CASE');
  await admin.getByLabel('Email address of a person').fill('');
  await admin.getByRole('button', { name: 'Show records' }).click();
  await expect(admin.locator('#audit-count')).toHaveText('No records match.');
  await expectAccessible(admin);
  await admin.context().close();
});

test('an email the service gave up on is listed for administrators and sent again', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  // A message past its last attempt, as the outbox leaves one when a mail
  // server refuses it for hours (the test's mail folder never refuses).
  const to = `refused.${testInfo.project.name}.${Date.now()}@example.police.uk`;
  const id = `e2e-${testInfo.project.name}-${Date.now()}`;
  const now = Math.floor(Date.now() / 1000);
  execFileSync('sqlite3', [
    '-cmd', '.timeout 10000', database,
    `INSERT INTO outbox (id, recipient, subject, body, created_at, attempts, next_attempt_at, last_error)
     VALUES ('${id}', '${to}', 'Your referral was received', 'Body', ${now}, 8, ${now + 3600}, '550 mailbox unavailable')`,
  ]);
  const admin = await deskAs(page, 'demo.admin@sca.example.gov.uk', testInfo);
  await admin.getByRole('link', { name: 'Email the service could not send' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Email not sent');
  const row = admin.locator('#failed-mail tr', { hasText: to });
  await expect(row).toContainText('550 mailbox unavailable');
  await expect(row).toContainText('8 attempts');
  await expectAccessible(admin);
  await expectNoSidewaysScroll(admin);
  await row.getByRole('button', { name: /^Send again/ }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Email not sent');
  await expect(admin.locator('#failed-mail tr', { hasText: to })).toHaveCount(0);
  await expectAccessible(admin);
  // Back in the queue, it goes out.
  await expect.poll(() => subjectsTo(to), { timeout: 20_000 }).toContain('Your referral was received');
  await admin.context().close();
});

test('the queue filters, sorts by a column header and pages, keeping its filters', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'mobile-js', 'the desk is for desktops; 375 px is checked with JS off');
  const desk = await deskAs(page, CASEWORKER, testInfo);
  await open(desk, '/casework', testInfo);
  const cells = (column: number) =>
    desk.locator(`table tbody tr td:nth-child(${column})`).allTextContents();

  // At 1280 × 800 the filters sit beside the list: its first rows are on the first screen.
  if (testInfo.project.name.startsWith('desktop')) {
    const firstRow = await desk.locator('table tbody tr').first().boundingBox();
    expect(firstRow, 'a first row').not.toBeNull();
    expect(firstRow!.y + firstRow!.height).toBeLessThanOrEqual(800);
  }

  await desk.getByLabel('Adult or child').selectOption('Child');
  await desk.getByRole('button', { name: 'Apply filters' }).click();
  await expect(desk).toHaveURL(/[?&]age=Child/);
  await expect(desk.getByLabel('Adult or child')).toHaveValue('Child');
  // The filter chosen is a tag, which takes it off; clear filters takes every one off.
  const tag = desk.getByRole('link', { name: /^Remove this filter: Child/ });
  await expect(tag).toBeVisible();
  await expect(desk.getByRole('link', { name: 'Clear filters' })).toHaveAttribute('href', '/casework');
  await expectAccessible(desk);
  await tag.click();
  await expect(desk).not.toHaveURL(/age=Child/);
  await expect(desk.getByLabel('Adult or child')).toHaveValue('');
  await expect(desk.locator('.moj-filter__selected')).toHaveCount(0);
  await desk.getByLabel('Adult or child').selectOption('Child');
  await desk.getByRole('button', { name: 'Apply filters' }).click();
  await expect(desk).toHaveURL(/[?&]age=Child/);
  const children = await cells(5);
  expect(children.length).toBeGreaterThan(0);
  expect(new Set(children)).toEqual(new Set(['Child']));

  // The Received header sorts newest first and says so to screen readers.
  await desk.getByRole('link', { name: /^Received/ }).click();
  await expect(desk.locator('th', { hasText: 'Received' })).toHaveAttribute('aria-sort', 'descending');
  await expect(desk.locator('th', { hasText: 'Task due' })).toHaveAttribute('aria-sort', 'none');
  await expect(desk.getByLabel('Order')).toHaveValue('received');
  const received = (await cells(2)).map((d) => Date.parse(d));
  expect(received.every((d) => !Number.isNaN(d))).toBe(true);
  expect(received).toEqual([...received].sort((a, b) => b - a));
  await expectAccessible(desk);
  await expectNoSidewaysScroll(desk);

  // The next page keeps the filter and the order.
  await expect(desk.locator('.govuk-pagination')).toContainText('Page 1 of');
  await desk.getByRole('link', { name: /^Next/ }).click();
  await expect(desk.locator('.govuk-pagination')).toContainText('Page 2 of');
  await expect(desk).toHaveURL(/age=Child/);
  await expect(desk).toHaveURL(/sort=received/);
  expect(new Set(await cells(5))).toEqual(new Set(['Child']));
  const next = (await cells(2)).map((d) => Date.parse(d));
  expect(Math.max(...next)).toBeLessThanOrEqual(Math.min(...received));
  // It goes on from the last case shown; Previous comes back to the same cases.
  await expect(desk).toHaveURL(/[?&]after=NRM-/);
  await desk.getByRole('link', { name: /^Previous/ }).click();
  await expect(desk.locator('.govuk-pagination')).toContainText('Page 1 of');
  expect((await cells(2)).map((d) => Date.parse(d))).toEqual(received);
  await desk.context().close();
});

test('a responder shares a referral with a colleague, who sees it until the share is withdrawn', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const responder = emailFor(testInfo, 'sharer');
  const colleague = emailFor(testInfo, 'colleague');
  await startReport(page, responder, testInfo);
  await answerSteps(page, [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...ADULT_NRM_END]);
  const reference = await send(page, /Accept and send referral/);

  // The colleague, in their own browser, sees nothing of it yet.
  const theirs = await browser.newContext({
    viewport: page.viewportSize() ?? undefined,
    javaScriptEnabled: jsOn(testInfo),
  });
  const other = await theirs.newPage();
  await signIn(other, colleague, testInfo);
  await open(other, '/nrm/cases', testInfo);
  await expect(other.getByRole('link', { name: reference, exact: true })).toHaveCount(0);

  // Someone at another organisation is refused, with the GOV.UK error.
  await open(page, `/nrm/cases/${reference}`, testInfo);
  await expect(page.locator('body')).toContainText('Only you can see this referral.');
  await expectAccessible(page);
  await page.getByLabel('Share with a colleague').fill('someone@gmp.police.uk');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('Enter the email address of a colleague at your organisation, ending @met.police.uk');
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
  await page.getByLabel('Share with a colleague').fill(colleague);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.locator('#shared-with')).toContainText(colleague);
  await expectAccessible(page);

  // Now it is on the colleague's list, and opens for them.
  await open(other, '/nrm/cases', testInfo);
  await other.getByRole('link', { name: reference, exact: true }).click();
  await expect(other.getByRole('heading', { level: 1 })).toHaveText(reference);
  await expect(other.getByLabel('Share with a colleague')).toHaveCount(0);
  await expectAccessible(other);

  // Withdrawn, it is gone for them.
  await page.getByRole('button', { name: `Stop sharing with ${colleague}` }).click();
  await expect(page.locator('body')).toContainText('Only you can see this referral.');
  await open(other, '/nrm/cases', testInfo);
  await expect(other.getByRole('link', { name: reference, exact: true })).toHaveCount(0);
  await theirs.close();
});

test('an administrator bars a first responder, who is signed out and gets no working link, then lifts it', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const responder = emailFor(testInfo, 'barred');
  await signIn(page, responder, testInfo);

  const admin = await deskAs(page, 'demo.admin@sca.example.gov.uk', testInfo);
  await admin.getByRole('link', { name: 'Find, bar or lift the bar on a first responder' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('First responders');
  await expectAccessible(admin);
  await admin.getByLabel('Email address, or part of it').fill(responder);
  await admin.getByRole('button', { name: 'Find' }).click();
  await expect(admin.locator('#responders')).toContainText(responder);
  await expectAccessible(admin);
  await expectNoSidewaysScroll(admin);
  await admin.getByRole('button', { name: `Bar ${responder}` }).click();
  await expect(admin.locator('#responders')).toContainText('Barred');
  await expectAccessible(admin);

  // Their open page is signed out at its next request.
  await open(page, '/nrm/reports', testInfo);
  await expect(page).toHaveURL(/\/verify\/who-do-you-work-for$/);
  // Asking again gets the same calm answer, and no new link.
  const before = subjectsTo(responder).length;
  await page.getByLabel('Organisation').fill('Metropolitan Police Service');
  await page.getByLabel('Work email address').fill(responder);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/verify\/check-inbox$/);
  await page.waitForTimeout(1_500);
  expect(subjectsTo(responder).length).toBe(before);

  await admin.getByRole('button', { name: `Lift the bar ${responder}` }).click();
  await expect(admin.locator('#responders')).toContainText('Active');
  await signIn(page, responder, testInfo);

  // When they leave, an administrator hands their referrals to a colleague.
  await admin.getByRole('button', { name: 'Hand over their referrals' }).click();
  await expect(admin.locator('.govuk-error-summary')).toContainText("Enter the leaver's work email address");
  await expect(admin).toHaveTitle(/^Error: /);
  // Checked once the page drawn again has hydrated (mid-hydration, axe saw every target overlapped).
  if (jsOn(testInfo)) await expect(admin.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expectAccessible(admin);
  await admin.getByLabel("The leaver's work email address").fill(responder);
  await admin.getByLabel("The colleague's work email address").fill(emailFor(testInfo, 'successor'));
  await admin.getByRole('button', { name: 'Hand over their referrals' }).click();
  await expect(admin.locator('#handed')).toContainText('0 referrals handed to');
  await expectAccessible(admin);
  await admin.context().close();
});
