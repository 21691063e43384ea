import { Page } from '@playwright/test';
import { execFileSync } from 'child_process';
import { database } from '../playwright.config';
import { test, expect, expectAccessible } from './fixtures';
import { ACCOUNT, ADULT_AGE, ADULT_NRM_END, START, answerSteps, cooperation, emailFor, fill, saveAndContinue, signIn, startReport } from './journey';
import { subjectsTo } from './mail';

// A first responder on a phone loses the signal mid-report, reloads, finishes
// it and presses send; the phone keeps it sealed and sends it, once, when the
// signal is back. Needs JavaScript (without it every page is a plain form
// post, which the other tests cover) and runs at 375 px.

/** Answers given only without a signal, to look for on the phone afterwards. */
const REASON = 'Frightened of the gang at Quayside 41';

/** Every record of the sealed store and every response the worker keeps, as text. */
async function everythingKept(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    const names = (await indexedDB.databases()).map((d) => d.name ?? '');
    for (const name of names) {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all: unknown[] = await new Promise((resolve, reject) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        for (const record of all) {
          parts.push(JSON.stringify(record, (_k, v) =>
            v instanceof ArrayBuffer || ArrayBuffer.isView(v)
              ? new TextDecoder('latin1').decode(v as ArrayBuffer)
              : v));
        }
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        parts.push(new TextDecoder('latin1').decode(await response!.arrayBuffer()));
      }
    }
    parts.push(JSON.stringify({ ...sessionStorage }));
    return parts.join('\n');
  });
}

async function storeIsEmpty(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    return !names.includes('nrm-offline') && sessionStorage.getItem('nrm-offline-key') === null;
  });
}

function casesBy(email: string): number {
  const out = execFileSync('sqlite3', [
    '-cmd', '.timeout 10000', database,
    `SELECT COUNT(*) FROM referral WHERE referrer_email = '${email}'`,
  ]);
  return Number(out.toString().trim());
}

/** Requests the browser could not make without a signal are expected here. */
function withoutSignalErrors(consoleErrors: string[]) {
  const offline = (e: string) => e.includes('ERR_INTERNET_DISCONNECTED');
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !offline(e)));
}

test.describe('without a signal', () => {
  test.afterEach(async ({ consoleErrors }) => withoutSignalErrors(consoleErrors));
  test.beforeEach(async ({}, testInfo) => {
    test.skip(testInfo.project.name !== 'mobile-js', 'needs JavaScript; a phone at 375 px');
    test.setTimeout(240_000);
  });

  test('a report is finished and sent offline, once, with nothing readable left on the phone', async ({ page, context }, testInfo) => {
    const email = emailFor(testInfo, 'offline');
    await startReport(page, email, testInfo);
    await answerSteps(page, [
      ...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'),
      ['pv-want-to-submit-nrm', { 'pv-want-to-submit-nrm': 'no' }],
    ]);
    await expect(page).toHaveURL(/\/nrm\/refuse-nrm$/);
    // The worker that keeps the journey's files has taken over the page.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    // It keeps the code of the journey's lazy pages, and not the desk's.
    const worker = await page.evaluate(() => fetch('/nrm/offline-worker.js').then((r) => r.text()));
    expect(worker).toMatch(/split___check_answers_route_view_\d+[^"]*\.wasm/);
    expect(worker).not.toContain('split___case_queue_route_view');

    await context.setOffline(true);
    await page.reload();
    await expect(page).toHaveURL(/\/nrm\/refuse-nrm$/);
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
    await expect(page.locator('h1')).toBeVisible();
    await expect(page.locator('.govuk-caption-l')).toHaveText('Case <b>one</b>');

    await fill(page, { 'refuse-nrm': REASON });
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/nrm\/pv-gender-dtn$/);
    const status = page.locator('#offline-status');
    await expect(status).toContainText('Saved on this phone, not sent yet');
    await expect(status.locator('#waiting-pages li')).toHaveCount(1);
    await expectAccessible(page);

    // The back link goes where it would online.
    await expect(page.locator('.govuk-back-link')).toHaveAttribute('href', '/nrm/refuse-nrm');
    // The same rules as online: a question left unanswered is refused on the phone.
    await saveAndContinue(page);
    await expect(page.locator('.govuk-error-summary')).toBeFocused();
    await expect(page).toHaveURL(/\/nrm\/pv-gender-dtn$/);
    await expectAccessible(page);
    await fill(page, { 'pv-gender': 'male' });
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/nrm\/pv-nationality-dtn$/);
    await fill(page, { 'pv-nationality': 'French' });
    await saveAndContinue(page);

    await expect(page).toHaveURL(/\/nrm\/confirm$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers before sending your Duty to Notify report');
    await expect(page.locator('main')).toContainText(REASON);
    await expect(status.locator('#waiting-pages li')).toHaveCount(3);
    await page.getByRole('button', { name: 'Accept and send report' }).click();
    await expect(status.locator('#waiting-send')).toBeVisible();
    await expectAccessible(page);
    expect(casesBy(email)).toBe(0);

    // Nothing on the phone can be read without the key: not the answers
    // given offline, nor those given before.
    const kept = await everythingKept(page);
    expect(kept).not.toContain('Quayside');
    expect(kept).not.toContain('Case <b>one</b>');
    expect(kept).not.toContain('Tirana');

    // Back online: the steps go in order, then the report, once.
    await context.setOffline(false);
    await expect(page).toHaveURL(/\/nrm\/confirmation\?reference=DTN-/, { timeout: 30_000 });
    const reference = (await page.locator('#reference').textContent()) ?? '';
    expect(reference).toMatch(/^DTN-\d{4}-\d{6}$/);
    expect(casesBy(email)).toBe(1);
    const answers = execFileSync('sqlite3', [
      '-cmd', '.timeout 10000', database,
      `SELECT answers FROM referral WHERE reference = '${reference}'`,
    ]).toString();
    expect(answers).toContain(REASON);
    expect(answers).toContain('French');
    expect(answers).toContain('Tirana');
    // A confirmation email, one.
    await expect.poll(() => subjectsTo(email).length, { timeout: 15_000 }).toBeGreaterThan(1);
    expect(subjectsTo(email).filter((s) => /received|sent/i.test(s)).length).toBe(1);

    // Signing out leaves nothing of it on the phone.
    await page.goto('/nrm/reports');
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await expect(page).toHaveURL(/\/signed-out$/);
    expect(await storeIsEmpty(page)).toBe(true);
  });

  test('at the session\'s absolute end the phone forgets its copy, key or no key', async ({ page }, testInfo) => {
    await startReport(page, emailFor(testInfo, 'offline-ends'), testInfo);
    await answerSteps(page, [START[0]]);
    await expect.poll(() => page.evaluate(async () =>
      (await indexedDB.databases()).some((d) => d.name === 'nrm-offline'))).toBe(true);
    // The session's end, as the server gave it, has passed (the phone's clock says so).
    await page.evaluate(() => sessionStorage.setItem('nrm-offline-ends', '1'));
    await page.goto('/accessibility');
    await expect.poll(() => storeIsEmpty(page)).toBe(true);
  });

  test('someone else signing in on the same phone finds nothing of the last person', async ({ page, context }, testInfo) => {
    const first = emailFor(testInfo, 'offline-first');
    await startReport(page, first, testInfo);
    await answerSteps(page, [START[0]]);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
    await expect(page).toHaveURL(/\/nrm\/organisation$/);
    await fill(page, { 'user-organisation': 'Aberdeen City Council' });
    await saveAndContinue(page);
    await expect(page.locator('#offline-status')).toContainText('Saved on this phone, not sent yet');
    await context.setOffline(false);
    // The phone is handed on: the next person signs in with their own link.
    const second = emailFor(testInfo, 'offline-second');
    await signIn(page, second, testInfo);
    expect(await storeIsEmpty(page)).toBe(true);
    const kept = await everythingKept(page);
    expect(kept).not.toContain('Case <b>one</b>');
    expect(kept).not.toContain('Aberdeen City Council');
  });

  test('a file added without a signal is checked, kept sealed, and uploaded with the referral', async ({ page, context }, testInfo) => {
    test.setTimeout(300_000);
    const email = emailFor(testInfo, 'offline-file');
    await startReport(page, email, testInfo);
    await answerSteps(page, [...START, ...ADULT_AGE, ...ACCOUNT, ...cooperation('no'), ...ADULT_NRM_END.slice(0, -1)]);
    await expect(page).toHaveURL(/\/nrm\/upload-evidence$/);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await context.setOffline(true);

    // Refused on the phone for the reason the server would give.
    await page.getByLabel('Upload a file').setInputFiles({
      name: 'tool.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 not a PDF at all'),
    });
    await page.getByRole('button', { name: 'Upload file' }).click();
    await expect(page.locator('.govuk-error-summary')).toBeFocused();
    await expect(page.locator('#upload-file-error')).toBeVisible();
    await expectAccessible(page);

    const SCAN = 'Payslip scan from Quayside 41';
    await page.getByLabel('Upload a file').setInputFiles({
      name: 'payslip.pdf', mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.7\n${SCAN}\n`),
    });
    await page.getByRole('button', { name: 'Upload file' }).click();
    const status = page.locator('#offline-status');
    await expect(status).toContainText('File to upload: payslip.pdf');
    await expect(page.locator('.govuk-error-summary')).toHaveCount(0);
    await expectAccessible(page);
    // The file's bytes are sealed too.
    expect(await everythingKept(page)).not.toContain('Quayside');

    // A file counts at once: the next step asks about it.
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/nrm\/what-evidence-you-will-submit$/);
    await fill(page, { 'what-evidence-you-will-submit': 'A payslip' });
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/nrm\/confirm$/);
    await expect(page.locator('main')).toContainText('payslip.pdf');
    await page.getByRole('button', { name: 'Accept and send referral' }).click();
    await expect(status.locator('#waiting-send')).toBeVisible();

    await context.setOffline(false);
    await expect(page).toHaveURL(/\/nrm\/confirmation\?reference=NRM-/, { timeout: 30_000 });
    const reference = (await page.locator('#reference').textContent()) ?? '';
    const files = execFileSync('sqlite3', [
      '-cmd', '.timeout 10000', database,
      `SELECT f.file_name, f.size_bytes FROM evidence_file f JOIN referral r ON r.id = f.referral_id WHERE r.reference = '${reference}'`,
    ]).toString().trim();
    expect(files).toBe(`payslip.pdf|${Buffer.from(`%PDF-1.7\n${SCAN}\n`).length}`);
    expect(casesBy(email)).toBe(1);
  });
});
