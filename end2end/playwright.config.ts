import { defineConfig, devices } from '@playwright/test';
import * as os from 'os';
import * as path from 'path';

// One folder per run (scripts/test.sh makes a fresh one) for the database and
// the mail folder. The config is read by every worker, so the path must not vary.
export const runDir = process.env.NRM_E2E_DIR ?? path.join(os.tmpdir(), 'nrm-e2e');
export const database = path.join(runDir, 'e2e.db');
export const mailDir = path.join(runDir, 'mail');
// Seconds the server's clock runs ahead (see server/src/clock.rs): only the
// lifecycle project, which runs alone after the others, moves it.
export const clockFile = path.join(runDir, 'clock-offset');
const port = process.env.NRM_E2E_PORT ?? '3100';
const baseURL = `http://127.0.0.1:${port}`;
const server = process.env.NRM_E2E_SERVER;
if (!server) {
  throw new Error('NRM_E2E_SERVER must name the built server binary (scripts/test.sh sets it)');
}

// Debian's Chromium, never a downloaded browser. Background networking off:
// this machine has no internet and Chromium would keep trying.
const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

const desktop = { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } };
const mobile = {
  ...devices['Desktop Chrome'],
  viewport: { width: 375, height: 667 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: { baseURL, launchOptions, trace: 'off' },
  projects: [
    { name: 'desktop-js', use: { ...desktop, javaScriptEnabled: true }, testIgnore: /lifecycle/ },
    { name: 'mobile-js', use: { ...mobile, javaScriptEnabled: true }, testIgnore: /lifecycle/ },
    { name: 'desktop-nojs', use: { ...desktop, javaScriptEnabled: false }, testIgnore: /lifecycle/ },
    { name: 'mobile-nojs', use: { ...mobile, javaScriptEnabled: false }, testIgnore: /lifecycle/ },
    {
      name: 'lifecycle',
      use: { ...desktop, javaScriptEnabled: true },
      testMatch: /lifecycle/,
      dependencies: ['desktop-js', 'mobile-js', 'desktop-nojs', 'mobile-nojs'],
    },
  ],
  webServer: {
    command: server,
    cwd: '..',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DATABASE_URL: `sqlite://${database}`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: 'target/site',
      LEPTOS_OUTPUT_NAME: 'nrm',
      DEMO_DATA: 'true',
      MAIL_DIR: mailDir,
      NRM_CLOCK_OFFSET_FILE: clockFile,
      RUST_LOG: 'warn',
      // Every test signs in from this one address, hundreds of links and
      // dozens of deliberately wrong passwords a run: the per-client limits
      // are the server tests' business, not the browser's.
      SIGN_IN_LINKS_PER_CLIENT: '100000',
      WRONG_PASSWORDS_PER_CLIENT: '100000',
    },
  },
});
