import { test, expect, open } from './fixtures';
import { START, ADULT_AGE, ACCOUNT, answerSteps, emailFor, saveAndContinue, startReport, fill } from './journey';
import { startReader, spoken, readUntil, clearSpoken } from './screen-reader';

test.use({ bypassCSP: true });
const log = (label: string, v: unknown) => console.log(`${label} ${JSON.stringify(v)}`);
test('explore', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop-js');
  test.setTimeout(300_000);
  await startReport(page, emailFor(testInfo, 'sr'), testInfo);
  await startReader(page);
  log('START', await spoken(page));
  log('READ', await readUntil(page, /Save and continue/));
  await clearSpoken(page);
  await saveAndContinue(page);
  await expect(page.locator('.govuk-error-summary')).toBeFocused();
  await page.waitForTimeout(300);
  log('AFTER SUBMIT', await spoken(page));
  await clearSpoken(page);
  await page.keyboard.press('Tab');
  log('TAB', await spoken(page));
  await clearSpoken(page);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  log('ENTER', await spoken(page));
  await fill(page, { reference: 'SR test' });
  await saveAndContinue(page);
  await answerSteps(page, [START[1]]);
  // fr-location: radios
  await expect(page).toHaveURL(/fr-location/);
  await startReader(page);
  log('RADIOS', await readUntil(page, /Save and continue/));
  await answerSteps(page, [START[2], ...ADULT_AGE, ACCOUNT[0], ACCOUNT[1], ACCOUNT[2], ACCOUNT[3]]);
  // were-they-taken: conditional reveal
  await startReader(page);
  await clearSpoken(page);
  await page.locator('input[value="yes"]').first().focus();
  await page.keyboard.press('Space');
  await page.waitForTimeout(300);
  log('REVEAL', await spoken(page));
  await clearSpoken(page);
  await page.keyboard.press('Tab');
  log('REVEAL TAB', await spoken(page));
  // character count
  await clearSpoken(page);
  await page.keyboard.type('By van across the border');
  await page.waitForTimeout(1500);
  log('COUNT', await spoken(page));
});
