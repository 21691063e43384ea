import { test, expect, expectAccessible, expectNoSidewaysScroll } from './fixtures';
import { ACCOUNT, ADULT_AGE, ADULT_NRM_END, START, answerSteps, cooperation, emailFor, startReport } from './journey';

// The first bytes of an OLE2 compound file: Word 97–2003, which can carry macros.
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

test('an older Word document is refused with its reason; a PDF under another name is kept as a PDF', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await startReport(page, emailFor(testInfo, 'upload'), testInfo);
  // Every step up to the upload, which is the last.
  await answerSteps(page, [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...ADULT_NRM_END.slice(0, -1)]);
  await expect(page).toHaveURL(/\/nrm\/upload-evidence$/);

  await page.getByLabel('Upload a file').setInputFiles({
    name: 'statement.doc',
    mimeType: 'application/msword',
    buffer: Buffer.concat([OLE2, Buffer.alloc(1024)]),
  });
  await page.getByRole('button', { name: 'Upload file' }).click();
  const summary = page.locator('.govuk-error-summary');
  await expect(summary).toContainText('older Word document (.doc), which can hide macros');
  await expect(page.locator('#upload-file-error')).toContainText('Save it as a .docx or a PDF');
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);

  await page.getByLabel('Upload a file').setInputFiles({
    name: 'invoice.hta',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('%PDF-1.7\n%a small test document\n'),
  });
  await page.getByRole('button', { name: 'Upload file' }).click();
  await expect(page.locator('main')).toContainText('invoice.pdf');
  await expect(page.locator('main')).not.toContainText('invoice.hta');
  await expect(page.locator('.govuk-error-summary')).toHaveCount(0);
  await expectAccessible(page);

  // After a refusal the page is still the step's own: "Save and continue" goes on.
  await page.getByLabel('Upload a file').setInputFiles({
    name: 'again.doc',
    mimeType: 'application/msword',
    buffer: Buffer.concat([OLE2, Buffer.alloc(64)]),
  });
  await page.getByRole('button', { name: 'Upload file' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('older Word document');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page).toHaveURL(/\/nrm\/what-evidence-you-will-submit$/);
});
