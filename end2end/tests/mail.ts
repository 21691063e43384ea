import * as fs from 'fs';
import * as path from 'path';
import { expect, Page, TestInfo } from '@playwright/test';
import { open } from './fixtures';
import { mailDir } from '../playwright.config';

/** The names of the mail files in the mail folder now. */
export function mailFiles(): Set<string> {
  if (!fs.existsSync(mailDir)) return new Set();
  return new Set(fs.readdirSync(mailDir).filter((name) => name.endsWith('.eml')));
}

/**
 * The newest email sent to `to` (whose subject starts with `subject`, if
 * given), waiting for it to arrive in the mail folder. Files named in
 * `seen` (taken before the action that sends it) are passed over, so an
 * earlier email to the same address is never mistaken for the new one.
 */
export async function latestEmailTo(to: string, subject = '', seen: Set<string> = new Set()): Promise<string> {
  let found = '';
  await expect
    .poll(
      () => {
        if (!fs.existsSync(mailDir)) return '';
        const matches = fs
          .readdirSync(mailDir)
          .filter((name) => name.endsWith('.eml') && !seen.has(name))
          .map((name) => path.join(mailDir, name))
          .map((file) => ({ file, mtime: fs.statSync(file).mtimeMs, text: fs.readFileSync(file, 'utf8') }))
          .filter((m) => m.text.includes(`To: ${to}`) && m.text.includes(`Subject: ${subject}`))
          .sort((a, b) => a.mtime - b.mtime);
        found = matches.length ? matches[matches.length - 1].text : '';
        return found;
      },
      { message: `an email to ${to}`, timeout: 10_000 },
    )
    .not.toBe('');
  return found;
}

/** The texts of the mail files sent to `to`, long headers unfolded. */
export function mailTo(to: string): string[] {
  return [...mailFiles()]
    .map((name) => fs.readFileSync(path.join(mailDir, name), 'utf8').replace(/\r?\n[ \t]+/g, ' '))
    .filter((text) => text.includes(`To: ${to}`));
}

/** Mail files sent to `to`, by subject. */
export function subjectsTo(to: string): string[] {
  return mailTo(to).map((text) => (text.match(/^Subject: (.*)$/m) ?? ['', ''])[1].trim());
}

/** The sign-in link in an email body (undoing quoted-printable line folding). */
export function signInLink(email: string): string {
  const text = email.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const link = text.split(/\s+/).find((w) => w.includes('/nrm/start?token='));
  if (!link) throw new Error(`no sign-in link in:\n${email}`);
  return link;
}

/**
 * Asks for a sign-in link as `email` through the real form, and returns the
 * emailed link's path. Leaves the page on "Check your email".
 */
export async function requestSignInLink(page: Page, email: string, testInfo: TestInfo): Promise<string> {
  await open(page, '/verify/who-do-you-work-for', testInfo);
  await page.getByLabel('Organisation').fill('Metropolitan Police Service');
  await page.getByLabel('Work email address').fill(email);
  // A link emailed before (used, or made stale by this request) is not the one to follow.
  const seen = mailFiles();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/verify\/check-inbox$/);
  const link = new URL(signInLink(await latestEmailTo(email, 'Your link to sign in', seen)));
  return link.pathname + link.search;
}
