import { test } from './fixtures';
import { START, ADULT_AGE, answerSteps, emailFor, saveAndContinue, startReport } from './journey';
import { startReader, spoken, readUntil, clearSpoken } from './screen-reader';

test.use({ bypassCSP: true });
test('explore', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop-js');
  await startReport(page, emailFor(testInfo, 'sr'), testInfo);
  await answerSteps(page, [...START]);
  await startReader(page);
  console.log('START', JSON.stringify(await spoken(page)));
  console.log('READ', JSON.stringify(await readUntil(page, /end of document/)));
  await clearSpoken(page);
  await saveAndContinue(page);
  await page.waitForTimeout(500);
  console.log('AFTER SUBMIT', JSON.stringify(await spoken(page)));
  await page.keyboard.press('Tab');
  console.log('TAB', JSON.stringify(await spoken(page)));
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  console.log('ENTER', JSON.stringify(await spoken(page)));
});
