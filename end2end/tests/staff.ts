/**
 * Staff sign-in for the browser tests: the password, then a code from the
 * account's authenticator secret, worked out here as an authenticator app
 * would (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps).
 *
 * The server accepts a code for the step before, the current one and the one
 * after, and never accepts a step it has accepted before for that person. The
 * tests run in parallel and sign in as the same demo accounts, so every code
 * is for a step reserved in a file shared by the workers: a step is taken at
 * most once per account, and a sign-in waits for the clock when the steps
 * allowed now are taken.
 */
import { createHmac } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { expect, Page, TestInfo } from '@playwright/test';
import { clockFile, runDir } from '../playwright.config';
import { jsOn, open } from './fixtures';

/** The demo staff accounts' published secret (server/src/tools/demo.rs). */
export const DEMO_SECRET = 'NRMDEMONRMDEMONRMDEMONRMDEMONRMD';
/** The demo staff accounts' password. */
export const DEMO_PASSWORD = 'demo-password-1';
const STEP_SECONDS = 30;
fs.mkdirSync(runDir, { recursive: true });

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The code an authenticator app shows for `secret` in `step`. */
export function codeFor(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

/** The server's clock in seconds (the lifecycle tests move it ahead). */
function serverNow(): number {
  let offset = 0;
  try {
    offset = Number(fs.readFileSync(clockFile, 'utf8').trim()) || 0;
  } catch {
    // No offset file: the real clock.
  }
  return Date.now() / 1000 + offset;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` holding a lock shared by every worker of the run. */
async function locked<T>(name: string, work: () => Promise<T>): Promise<T> {
  const lock = path.join(runDir, `${name}.lock`);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      await sleep(20);
    }
  }
  try {
    return await work();
  } finally {
    fs.rmdirSync(lock);
  }
}

/**
 * Gives `send` a code for `email` that the server has not accepted before,
 * and holds every other sign-in as that person until `send` has finished
 * (codes reach the server in the order of their steps: one for a later step
 * would make the server refuse an earlier one). It waits for the clock when
 * the steps the server accepts now are used.
 */
export async function withFreshCode(email: string, secret: string, send: (code: string) => Promise<void>) {
  const key = `totp-${email.toLowerCase().replace(/[^a-z0-9.@-]/g, '_')}`;
  const file = path.join(runDir, `${key}.last-step`);
  await locked(key, async () => {
    let last = -1;
    try {
      last = Number(fs.readFileSync(file, 'utf8'));
    } catch {
      // No code given yet.
    }
    for (;;) {
      const current = Math.floor(serverNow() / STEP_SECONDS);
      const next = Math.max(current, last + 1);
      if (next <= current + 1) {
        fs.writeFileSync(file, String(next));
        await send(codeFor(secret, next));
        return;
      }
      const untilNextStep = STEP_SECONDS - (serverNow() % STEP_SECONDS);
      await sleep(untilNextStep * 1000 + 50);
    }
  });
}

/** The password step of the staff sign-in, on a page already open. */
export async function givePassword(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * A code from the app, sent with `button`; done when `accepted` passes (by
 * default, once the page has left the one it was on).
 */
export async function giveCodeOn(
  page: Page,
  email: string,
  secret: string,
  button: string,
  accepted?: () => Promise<void>,
) {
  const from = page.url();
  await withFreshCode(email, secret, async (code) => {
    await page.getByLabel('Code from your authenticator app').fill(code);
    await page.getByRole('button', { name: button }).click();
    await (accepted ? accepted() : expect(page).not.toHaveURL(from));
  });
}

/** The code step: the page asking for the authenticator app's code. */
export async function giveCode(page: Page, email: string, secret = DEMO_SECRET) {
  await expect(page).toHaveURL(/\/staff\/second-factor$/);
  await giveCodeOn(page, email, secret, 'Continue');
}

/** Signs in to the desk with the password and a code; the page shows the desk. */
export async function signInToDesk(page: Page, email: string, testInfo: TestInfo, secret = DEMO_SECRET) {
  await open(page, '/staff/sign-in', testInfo);
  await givePassword(page, email);
  await giveCode(page, email, secret);
  await expect(page).toHaveURL(/\/casework\/(my-work|admin\/staff)$/);
}

/** Signs in to the desk in a fresh context like the test's project (viewport, JS). */
export async function deskAs(page: Page, email: string, testInfo: TestInfo): Promise<Page> {
  const context = await page.context().browser()!.newContext({
    viewport: page.viewportSize() ?? undefined,
    javaScriptEnabled: jsOn(testInfo),
  });
  const desk = await context.newPage();
  await signInToDesk(desk, email, testInfo);
  return desk;
}
