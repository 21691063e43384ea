// The case desk beyond its lifecycle: flags, someone else being here and stale
// writes, linked cases, restricted cases, documents, and person search.
import { test, expect, expectAccessible, expectNoSidewaysScroll, open } from './fixtures';
import { deskAs } from './staff';
import { ACCOUNT, ADULT_AGE, ADULT_NRM_END, START, answerSteps, cooperation, emailFor, send, startReport } from './journey';

// Demo staff accounts (loaded by the test server, with the published password and secret).
const CASEWORKER = 'demo.caseworker@sca.example.gov.uk';
const SENIOR = 'demo.reviewer@sca.example.gov.uk';

test('flags come from the answers, are added and removed, filter the queue, and a stale write is refused', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  test.skip(testInfo.project.name === 'mobile-js', 'the desk is for desktops; 375 px is checked with JS off');
  await startReport(page, emailFor(testInfo, 'flags'), testInfo);
  await answerSteps(page, [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...ADULT_NRM_END]);
  const reference = await send(page, /Accept and send referral/);

  // The referral said they need an Albanian interpreter and are still being
  // exploited: the identity bar says so above every tab.
  const desk = await deskAs(page, CASEWORKER, testInfo);
  await open(desk, `/casework/cases/${reference}`, testInfo);
  const identity = desk.locator('#identity');
  await expect(identity).toContainText('Interpreter needed: Albanian');
  await expect(identity).toContainText('Still in the situation');
  await expect(desk.locator('#flag-list')).toContainText('From the referral');
  await expect(desk.locator('#others-here')).toHaveCount(0);
  await expectAccessible(desk);
  await expectNoSidewaysScroll(desk);

  // Refused clearly: no kind chosen, then "Other" without saying what.
  await desk.getByRole('button', { name: 'Add flag' }).click();
  await expect(desk.locator('.govuk-error-summary')).toContainText('Select a flag');
  await expect(desk).toHaveTitle(/^Error:/);
  await expectAccessible(desk);
  await desk.getByLabel('Other').check();
  await desk.getByRole('button', { name: 'Add flag' }).click();
  await expect(desk.locator('.govuk-error-summary')).toContainText('Enter what the flag is');
  await expect(desk.getByLabel('Other')).toBeChecked();
  await expectAccessible(desk);

  await desk.getByLabel('Immediate risk').check();
  await desk.getByRole('button', { name: 'Add flag' }).click();
  await expect(identity).toContainText('Immediate risk');
  await expect(desk.locator('#flag-list')).toContainText(`Added by ${CASEWORKER}`);

  // The queue filters by flag, with JavaScript or without.
  await open(desk, '/casework', testInfo);
  await desk.getByLabel('Flag').selectOption('Immediate risk');
  await desk.getByRole('button', { name: 'Apply filters' }).click();
  await expect(desk).toHaveURL(/flag=immediate-risk/);
  await expect(desk.getByRole('link', { name: reference, exact: true })).toBeVisible();
  await expectAccessible(desk);

  // A senior caseworker opens the case: each sees the other is there.
  const senior = await deskAs(page, SENIOR, testInfo);
  await open(senior, `/casework/cases/${reference}`, testInfo);
  await expect(senior.locator('#others-here')).toContainText(`${CASEWORKER} (caseworker)`);
  await open(desk, `/casework/cases/${reference}`, testInfo);
  await expect(desk.locator('#others-here')).toContainText(`${SENIOR} (senior caseworker)`);
  await expectAccessible(desk);

  // The senior takes the flag off while the caseworker's page still shows
  // it: the caseworker's note, from the older page, is refused and kept.
  await senior.getByRole('button', { name: 'Remove the flag “Immediate risk”' }).click();
  await expect(senior.locator('#identity')).not.toContainText('Immediate risk');
  await desk.getByLabel(/^Note/).fill('Called the referrer back.');
  await desk.getByRole('button', { name: 'Add note' }).click();
  await expect(desk.locator('.govuk-error-summary')).toContainText('Someone changed this case after you opened it');
  await expect(desk.getByLabel(/^Note/)).toHaveValue('Called the referrer back.');
  await expect(desk.locator('#identity')).not.toContainText('Immediate risk');
  await expectAccessible(desk);
  // From the page as it is now, it goes in.
  await desk.getByRole('button', { name: 'Add note' }).click();
  await expect(desk.locator('#timeline')).toContainText('Called the referrer back.');
  await expect(desk.locator('#timeline')).toContainText('Flag removed: Immediate risk');
  await desk.context().close();
  await senior.context().close();
});

test('cases are linked with reasons, shown on both, and unlinked with reasons', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  test.skip(testInfo.project.name === 'mobile-js', 'the desk is for desktops; 375 px is checked with JS off');
  await startReport(page, emailFor(testInfo, 'links'), testInfo);
  await answerSteps(page, [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...ADULT_NRM_END]);
  const reference = await send(page, /Accept and send referral/);

  const desk = await deskAs(page, CASEWORKER, testInfo);
  // Another case, a different one for each project running beside this one.
  await open(desk, '/casework', testInfo);
  const listed = await desk.locator('table tbody tr td a, table tbody tr th a').allInnerTexts();
  const others = listed.map((t) => t.trim()).filter((t) => t.startsWith('NRM-') && t !== reference);
  const other = others[['desktop-js', 'desktop-nojs', 'mobile-nojs'].indexOf(testInfo.project.name) + 3];
  expect(other).toBeTruthy();

  await open(desk, `/casework/cases/${reference}`, testInfo);
  await desk.getByRole('navigation', { name: 'Case' }).getByRole('link', { name: 'Linked cases' }).click();
  await expect(desk.locator('#links')).toHaveText('This case is not linked to another.');
  await expectAccessible(desk);
  await expectNoSidewaysScroll(desk);

  // Refused clearly, every problem at once; nothing typed is lost.
  await desk.getByLabel('Reference of the other case').fill(other!);
  await desk.getByRole('button', { name: 'Link the cases' }).click();
  const summary = desk.locator('.govuk-error-summary');
  await expect(summary).toContainText('Select why the cases are linked');
  await expect(summary).toContainText('Enter why you are linking the cases');
  await expect(desk.getByLabel('Reference of the other case')).toHaveValue(other!);
  await expectAccessible(desk);

  await desk.getByLabel('Same family').check();
  await desk.getByLabel('Reasons', { exact: true }).fill('Sisters, referred a week apart.');
  await desk.getByRole('button', { name: 'Link the cases' }).click();
  await expect(desk.locator('#links')).toContainText(other!);
  await expect(desk.locator('#links')).toContainText('Same family');
  await expect(desk.locator('#links')).toContainText('Sisters, referred a week apart.');

  // Shown on the other case too.
  await open(desk, `/casework/cases/${other}/linked-cases`, testInfo);
  await expect(desk.locator('#links')).toContainText(reference);
  await expectAccessible(desk);

  // Removed from there, saying why (the other case may have links of its own).
  const ours = () => desk.locator('#links li', { hasText: reference });
  await ours().getByText(`Remove the link to ${reference}`, { exact: true }).click();
  await ours().getByRole('button', { name: 'Remove link' }).click();
  await expect(summary).toContainText('Enter why you are removing the link');
  await expectAccessible(desk);
  await desk.getByLabel(`Why remove the link to ${reference}?`).fill('Not related after all.');
  await ours().getByRole('button', { name: 'Remove link' }).click();
  await expect(desk.locator('#links')).not.toContainText(reference);
  await open(desk, `/casework/cases/${reference}/timeline`, testInfo);
  await expect(desk.locator('#timeline')).toContainText(`Link removed: Same family, ${other}`);
  await desk.context().close();
});

test('a restricted case is closed to others until a senior caseworker grants their request', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  test.skip(testInfo.project.name === 'mobile-js', 'the desk is for desktops; 375 px is checked with JS off');
  await startReport(page, emailFor(testInfo, 'restricted'), testInfo);
  await answerSteps(page, [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...ADULT_NRM_END]);
  const reference = await send(page, /Accept and send referral/);

  // A senior caseworker restricts it to themselves, saying why.
  const senior = await deskAs(page, SENIOR, testInfo);
  await open(senior, `/casework/cases/${reference}/access`, testInfo);
  await expect(senior.locator('#restriction')).toContainText('The case is not restricted');
  await senior.getByRole('button', { name: 'Restrict the case' }).click();
  await expect(senior.locator('.govuk-error-summary')).toContainText('Select who may open the case');
  await expect(senior.locator('.govuk-error-summary')).toContainText('Enter why the case is restricted');
  await expectAccessible(senior);
  await senior.getByLabel(SENIOR).check();
  await senior.getByLabel('Why is the case restricted?').fill('The person referred works for the SCA.');
  await senior.getByRole('button', { name: 'Restrict the case' }).click();
  await expect(senior.locator('#restriction')).toContainText('Restricted');
  await expect(senior.locator('#named')).toContainText(SENIOR);
  await expectAccessible(senior);
  await expectNoSidewaysScroll(senior);

  // The caseworker sees only that it exists, and asks to open it.
  const desk = await deskAs(page, CASEWORKER, testInfo);
  await open(desk, `/casework/cases/${reference}`, testInfo);
  await expect(desk.locator('#restricted')).toContainText('This case is restricted.');
  await expect(desk.locator('#identity')).toHaveCount(0);
  await expectAccessible(desk);
  await desk.getByRole('button', { name: 'Ask for access' }).click();
  await expect(desk.locator('.govuk-error-summary')).toContainText('Enter why you need to open this case');
  await expectAccessible(desk);
  await desk.getByLabel('Why do you need to open this case?').fill('I am covering the duty desk today.');
  await desk.getByRole('button', { name: 'Ask for access' }).click();
  await expect(desk.locator('#access-asked')).toContainText('A senior caseworker will decide.');

  // The senior grants it; the case opens for the caseworker.
  await open(senior, `/casework/cases/${reference}/access`, testInfo);
  await expect(senior.locator('#access-requests')).toContainText('I am covering the duty desk today.');
  await expectAccessible(senior);
  await senior.getByRole('button', { name: new RegExp(`^Grant the request: ${CASEWORKER.replace(/\./g, '\\.')}`) }).click();
  await expect(senior.locator('#access-requests')).toContainText(`Granted by ${SENIOR}`);
  await open(desk, `/casework/cases/${reference}`, testInfo);
  await expect(desk.locator('#identity')).toBeVisible();
  await expect(desk.locator('#case-reference')).toHaveText(reference);
  await desk.context().close();
  await senior.context().close();
});

test('documents are shown by category, and a caseworker adds one, refused clearly when wrong', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  test.skip(testInfo.project.name === 'mobile-js', 'the desk is for desktops; 375 px is checked with JS off');
  await startReport(page, emailFor(testInfo, 'documents'), testInfo);
  await answerSteps(page, [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...ADULT_NRM_END]);
  const reference = await send(page, /Accept and send referral/);

  const desk = await deskAs(page, CASEWORKER, testInfo);
  await open(desk, `/casework/cases/${reference}/documents`, testInfo);
  for (const heading of ['Evidence from the referrer', 'Information received', 'Decision letters', 'Other documents']) {
    await expect(desk.getByRole('heading', { name: heading, exact: true })).toBeVisible();
  }
  await expect(desk.locator('#documents-from-referrer')).toHaveText('The first responder sent no files.');
  await expectAccessible(desk);
  await expectNoSidewaysScroll(desk);

  // Nothing chosen: both problems, each linked to its field.
  await desk.getByRole('button', { name: 'Add document' }).click();
  const summary = desk.locator('.govuk-error-summary');
  await expect(summary).toContainText('Select what kind of document it is');
  await expect(summary).toContainText('Select a file to upload');
  await expect(desk).toHaveTitle(/^Error: Documents/);
  await expectAccessible(desk);
  await summary.getByRole('link', { name: 'Select what kind of document it is' }).click();
  await expect(desk.getByLabel('Information received (from the police, a local authority or others asked)')).toBeFocused();

  // An older Word document is refused with its reason; the kind chosen is kept.
  await desk.getByLabel('Information received (from the police, a local authority or others asked)').check();
  await desk.getByLabel('Upload a file').setInputFiles({
    name: 'police-report.doc',
    mimeType: 'application/msword',
    buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
  });
  await desk.getByRole('button', { name: 'Add document' }).click();
  await expect(summary).toContainText('older Word document');
  await expect(desk.getByLabel('Information received (from the police, a local authority or others asked)')).toBeChecked();
  await expectAccessible(desk);

  // A signed decision letter goes in, with who added it.
  await desk.getByLabel('Decision letter (as sent)').check();
  await desk.getByLabel('Upload a file').setInputFiles({
    name: 'RG decision signed.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.7\na signed letter\n'),
  });
  await desk.getByRole('button', { name: 'Add document' }).click();
  await expect(desk.locator('.govuk-notification-banner')).toContainText('The document was added to the case.');
  const letters = desk.locator('#documents-decision-letter');
  await expect(letters).toContainText('RG decision signed.pdf');
  await expect(letters).toContainText(CASEWORKER);
  await expect(letters.getByRole('link', { name: 'RG decision signed.pdf' })).toHaveAttribute('href', /^\/evidence\//);
  await expect(desk.locator('#documents-information-received')).toHaveText('No information received has been added.');
  await expectAccessible(desk);
  await expectNoSidewaysScroll(desk);
  await desk.context().close();
});

test('a person is found across every case by what is known of them', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  test.skip(testInfo.project.name === 'mobile-js', 'the desk is for desktops; 375 px is checked with JS off');
  await startReport(page, emailFor(testInfo, 'search'), testInfo);
  await answerSteps(page, [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...ADULT_NRM_END]);
  const reference = await send(page, /Accept and send referral/);

  const desk = await deskAs(page, CASEWORKER, testInfo);
  await open(desk, '/casework/my-work', testInfo);
  await desk.getByRole('navigation', { name: 'Casework desk' }).getByRole('link', { name: 'Find a person' }).click();
  await expect(desk.getByRole('heading', { level: 1 })).toHaveText('Find a person');
  await expectAccessible(desk);
  await expectNoSidewaysScroll(desk);

  // Refused clearly, keeping what was typed.
  await desk.getByLabel('Name').fill('a');
  await desk.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(desk.locator('.govuk-error-summary')).toContainText('Enter at least 2 letters of each name');
  await expect(desk).toHaveTitle(/^Error:/);
  await expect(desk.getByLabel('Name')).toHaveValue('a');
  await expectAccessible(desk);

  // The referral's first name and date of birth (1 February 2000) find it;
  // its name is shown as text, never run.
  await desk.getByLabel('Name').fill('ANA');
  await desk.getByLabel('Day').fill('1');
  await desk.getByLabel('Month').fill('2');
  await desk.getByLabel('Year').fill('2000');
  await desk.getByRole('button', { name: 'Search', exact: true }).click();
  const row = desk.locator('#people tbody tr', { has: desk.getByRole('link', { name: reference, exact: true }) });
  await expect(row).toContainText('<script>alert(1)</script>');
  await expect(row).toContainText('1 February 2000');
  await expectAccessible(desk);
  await expectNoSidewaysScroll(desk);

  // So does the alternative phone number, written another way.
  await open(desk, '/casework/search?phone=01234+567+891', testInfo);
  await expect(desk.getByRole('link', { name: reference, exact: true })).toBeVisible();
  await desk.getByRole('link', { name: reference, exact: true }).click();
  await expect(desk.locator('#case-reference')).toHaveText(reference);
  await desk.context().close();
});
