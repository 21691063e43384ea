import { test, expect, open } from './fixtures';
import { ACCOUNT, CHILD_END, START, answerSteps, childAge, cooperation, emailFor, fill, saveAndContinue, signIn, startReport } from './journey';
import { clearSpoken, readUntil, spoken, startReader } from './screen-reader';
import { signInToDesk } from './staff';
import { press } from './keyboard';

// What a screen reader says, phrase by phrase (@guidepup/virtual-screen-reader
// in Chromium, JavaScript on). Each test fails if the wording, a role, a
// name, a state or a description changes.

test.use({ bypassCSP: true });
test.beforeEach(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop-js', 'the reader runs in one project, with JavaScript on');
  test.setTimeout(180_000);
});

test('the error summary, its link to the field, the field with its error; radios, a reveal and a character count', async ({ page }, testInfo) => {
  await startReport(page, emailFor(testInfo, 'sr-journey'), testInfo);
  await startReader(page);
  await saveAndContinue(page);
  await expect(page.locator('.govuk-error-summary')).toBeFocused();
  // From the top, the summary is an alert with its heading and a link per problem.
  const read = await readUntil(page, /^link, Enter a name for this report$/);
  expect(read.slice(-5)).toEqual([
    'alert',
    'heading, There is a problem, level 2',
    'list',
    'listitem, level 1, position 1, set size 1',
    'link, Enter a name for this report',
  ]);
  // The link moves the focus to the field, which says what is wrong.
  await page.locator('.govuk-error-summary').focus();
  await clearSpoken(page);
  await page.keyboard.press('Tab');
  expect(await spoken(page)).toEqual(['link, Enter a name for this report']);
  await page.keyboard.press('Enter');
  await expect(page.locator('#reference')).toBeFocused();
  expect((await spoken(page)).at(-1)).toBe(
    "textbox, What do you want to call this report?, Only you see this, in your list of reports. It is not sent to the Home Office. Do not use the person's name. Error: Enter a name for this report",
  );

  await fill(page, { reference: 'Screen reader test' });
  await saveAndContinue(page);
  await answerSteps(page, [START[1]]);
  await expect(page).toHaveURL(/\/nrm\/fr-location$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Which part of the UK are you making this report in?');
  // A radio question: its legend (the page's heading) names the group.
  await startReader(page);
  const radios = await readUntil(page, /^radio, Northern Ireland/);
  expect(radios.slice(-11)).toEqual([
    'group, Which part of the UK are you making this report in?',
    'Which part of the UK are you making this report in?',
    'heading, Which part of the UK are you making this report in?, level 1',
    'end, Which part of the UK are you making this report in?',
    'radio, England, not checked, position 1, set size 4',
    'England',
    'radio, Wales, not checked, position 2, set size 4',
    'Wales',
    'radio, Scotland, not checked, position 3, set size 4',
    'Scotland',
    'radio, Northern Ireland, not checked, position 4, set size 4',
  ]);

  await answerSteps(page, [START[2], ...childAge('yes'), ...ACCOUNT.slice(0, 4)]);
  await expect(page).toHaveURL(/\/nrm\/were-they-taken-somewhere-by-their-exploiter$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // A radio that reveals a question: it says it controls one; the revealed
  // field comes next, with its character count as its description.
  await startReader(page);
  const yes = page.locator('input[name="were-they-taken-somewhere-by-their-exploiter"][value="yes"]');
  await yes.focus();
  expect((await spoken(page)).at(-1)).toBe('radio, Yes, not checked, 1 control, position 1, set size 2');
  await page.keyboard.press('Space');
  await expect(yes).toBeChecked();
  await clearSpoken(page);
  await page.keyboard.press('Tab');
  expect(await spoken(page)).toEqual(['textbox, Describe the journey, You have 15,000 characters remaining']);
  // The count is announced once typing pauses, not at every key.
  await clearSpoken(page);
  await page.keyboard.type('By van');
  const final = 'polite: You have 14,994 characters remaining';
  await expect.poll(() => spoken(page), { timeout: 5_000 }).toContain(final);
  // Only the count once typing paused: none of the counts on the way.
  expect(new Set((await spoken(page)).filter((p) => /characters remaining/.test(p)))).toEqual(new Set([final]));
});

test('the date of birth is one group of three fields; a list question offers its suggestions', async ({ page }, testInfo) => {
  await startReport(page, emailFor(testInfo, 'sr-dates'), testInfo);
  await answerSteps(page, [...START, childAge('yes')[0]]);
  await expect(page).toHaveURL(/\/nrm\/local-authority-contacted-about-child$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await startReader(page);
  const picker = page.locator('[name="local-authority-contacted-about-child-local-authority-name"]');
  await picker.focus();
  expect((await spoken(page)).at(-1)).toBe('combobox, Local authority, has popup listbox, not expanded, 1 control');
  await answerSteps(page, [childAge('yes')[1], ...ACCOUNT, ...cooperation('no'), CHILD_END[0], CHILD_END[1]]);
  await expect(page).toHaveURL(/\/nrm\/pv-dob$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await startReader(page);
  const date = await readUntil(page, /^textbox, Year/);
  // One group, named by the question with its hint; a field for each part.
  expect(date.filter((p) => /^(group|textbox)/.test(p))).toEqual([
    'group, What is their date of birth? (optional), For example, 27 3 2001. Leave it blank if you do not know.',
    'textbox, Day',
    'textbox, Month',
    'textbox, Year',
  ]);

  // The upload step's list after adding a file, and after removing it.
  await answerSteps(page, CHILD_END.slice(2, -1));
  await expect(page).toHaveURL(/\/nrm\/upload-evidence$/);
  await page.getByLabel('Upload a file').setInputFiles({ name: 'statement.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\na statement\n') });
  await page.getByRole('button', { name: 'Upload file' }).click();
  await expect(page.locator('#uploaded-files')).toBeVisible();
  await startReader(page);
  const listed = await readUntil(page, /^button, Remove statement\.pdf/);
  // Each file: its name, its size, and a Remove button that names it.
  expect(listed.slice(-8)).toEqual([
    'statement.pdf', 'end of term', 'definition', '1 KB', 'end of definition', 'definition', 'form', 'button, Remove statement.pdf',
  ]);
  await page.getByRole('button', { name: 'Remove statement.pdf' }).click();
  await expect(page.locator('#no-files')).toBeVisible();
  await startReader(page);
  const empty = await readUntil(page, /No files uploaded/);
  expect(empty.slice(-2)).toEqual(['paragraph', 'No files uploaded']);
});

test('the warning before an idle sign-out is announced, holds the focus, and Stay signed in gives it back', async ({ page }, testInfo) => {
  await page.clock.install();
  await signIn(page, emailFor(testInfo, 'sr-idle'), testInfo);
  // The idle clock starts when the page becomes interactive.
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  const start = page.getByRole('button', { name: 'Start a new report' });
  await start.focus();
  await startReader(page);
  await page.clock.fastForward('55:30');
  const dialog = page.getByRole('dialog', { name: 'You will be signed out soon' });
  await expect(dialog).toBeVisible();
  expect((await spoken(page)).slice(-2)).toEqual([
    'dialog, You will be signed out soon, You have not done anything for a while. To protect the information you have given, we will sign you out in 5 minutes. Answers you have saved will be kept.',
    'button, Stay signed in',
  ]);
  // The focus stays in the dialog: Tab goes round its two buttons (by way
  // of the browser's own controls, as with any modal dialog), never to the page behind.
  await clearSpoken(page);
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    const outside = await page.evaluate(() => {
      const e = document.activeElement;
      return !!e && e !== document.body && !e.closest('dialog');
    });
    expect(outside, 'focus went behind the dialog').toBe(false);
  }
  expect(await spoken(page)).toEqual(['button, Sign out', 'button, Stay signed in']);
  // Stay signed in closes it and gives the focus back where it was.
  await clearSpoken(page);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(start).toBeFocused();
  expect(await spoken(page)).toEqual(['button, Start a new report']);
});

test('the queue says how it is sorted; a refused decision says why', async ({ page }, testInfo) => {
  await signInToDesk(page, 'demo.reviewer@sca.example.gov.uk', testInfo);
  await open(page, '/casework', testInfo);
  await startReader(page);
  // Sortable headers say what a press does and how the table is sorted now.
  const queue = await readUntil(page, /^columnheader, Task due/);
  expect(queue.slice(-2)).toEqual([
    'end of columnheader, Received , sort newest first, no defined sort order',
    'columnheader, Task due , sort soonest first, sorted in ascending order',
  ]);
  await open(page, '/casework?status=RgPending', testInfo);
  await page.locator('table a.govuk-link[href^="/casework/cases/"]').first().click();
  await page.getByRole('button', { name: 'Positive reasonable grounds decision' }).click();
  await expect(page.locator('.govuk-error-summary')).toBeFocused();
  await startReader(page);
  const refused = await readUntil(page, /^link, Enter the reasons/);
  expect(refused.slice(-5)).toEqual([
    'alert',
    'heading, There is a problem, level 2',
    'list',
    'listitem, level 1, position 1, set size 1',
    refused.at(-1),
  ]);
  expect(refused.at(-1)).toBe('link, Enter the reasons');
  await page.locator('.govuk-error-summary a').first().focus();
  await clearSpoken(page);
  await page.keyboard.press('Enter');
  expect(await spoken(page)).toEqual(['textbox, Reasons: positive reasonable grounds decision, Error: Enter the reasons']);
});

// The checks above and in keyboard.spec.ts are only worth having if they fail
// when the page regresses: here each regression the accessibility issue names
// is made on a real page, and the same check is shown to fail.
test('the checks fail on a page that regresses: a radio group without its legend, an error summary that cannot take focus, a focus outline removed', async ({ page }, testInfo) => {
  await startReport(page, emailFor(testInfo, 'sr-regress'), testInfo);
  await answerSteps(page, [START[0], START[1]]);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Which part of the UK are you making this report in?');
  // A radio group whose legend is gone: the reader no longer names the group.
  await page.evaluate(() => document.querySelector('legend')?.remove());
  await startReader(page);
  const radios = await readUntil(page, /^radio, England/);
  expect(radios).not.toContain('group, Which part of the UK are you making this report in?');

  // An error summary that cannot take focus (no tabindex): focus stays on the button.
  await saveAndContinue(page);
  const summary = page.locator('.govuk-error-summary');
  await expect(summary).toBeFocused();
  await page.evaluate(() => {
    const s = document.querySelector('.govuk-error-summary') as HTMLElement;
    s.removeAttribute('tabindex');
    s.blur();
    s.focus();
  });
  await expect(summary).not.toBeFocused();

  // A focus outline removed: the keyboard check fails on the first stop.
  await page.addStyleTag({ content: '*:focus, *:focus + label::before { outline: none !important; box-shadow: none !important; }' });
  await page.evaluate(() => document.getElementById('main-content')?.focus());
  await expect(press(page, 'Tab')).rejects.toThrow(/focus not visible/);
});
