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
import { open } from './fixtures';

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
async function locked<T>(name: string, work: () => T): Promise<T> {
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
    return work();
  } finally {
    fs.rmdirSync(lock);
  }
}

/**
 * A step the server will accept for `email` when the code is posted soon
 * after: newer than any handed out before, and no later than the one after
 * the current step (it waits for the clock when need be).
 */
async function reserveStep(email: string): Promise<number> {
  const key = `totp-${email.toLowerCase().replace(/[^a-z0-9.@-]/g, '_')}`;
  const file = path.join(runDir, `${key}.last-step`);
  for (;;) {
    const taken = await locked(key, () => {
      const current = Math.floor(serverNow() / STEP_SECONDS);
      let last = -1;
      try {
        last = Number(fs.readFileSync(file, 'utf8'));
      } catch {
        // No code handed out yet.
      }
      // The step before the current one is left alone: a code for it may
      // reach the server after the step has passed.
      const next = Math.max(current, last + 1);
      if (next > current + 1) return undefined;
      fs.writeFileSync(file, String(next));
      return next;
    });
    if (taken !== undefined) return taken;
    const untilNextStep = STEP_SECONDS - (serverNow() % STEP_SECONDS);
    await sleep(untilNextStep * 1000 + 50);
  }
}

/** A code for `email` that no other sign-in of the run uses. */
export async function freshCode(email: string, secret = DEMO_SECRET): Promise<string> {
  return codeFor(secret, await reserveStep(email));
}

/** The password step of the staff sign-in, on a page already open. */
export async function givePassword(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The code step: the page asking for the authenticator app's code. */
export async function giveCode(page: Page, email: string, secret = DEMO_SECRET) {
  await expect(page).toHaveURL(/\/staff\/second-factor$/);
  await page.getByLabel('Code from your authenticator app').fill(await freshCode(email, secret));
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** Signs in to the desk with the password and a code; the page shows the desk. */
export async function signInToDesk(page: Page, email: string, testInfo: TestInfo, secret = DEMO_SECRET) {
  await open(page, '/staff/sign-in', testInfo);
  await givePassword(page, email);
  await giveCode(page, email, secret);
  await expect(page).toHaveURL(/\/casework(\/admin\/staff)?$/);
}
