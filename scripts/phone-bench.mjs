// What a person on a phone waits for: Debian's Chromium at 375 px with the
// network at 1.6 Mbit/s down, 750 kbit/s up and a 150 ms round trip, and
// the CPU slowed 4x (Chrome DevTools' "slow 4G" on a mid-range phone). For each
// page, a first visit (empty cache) and a second (the same browser again):
// bytes on the wire (what the network carried, compressed, headers included),
// first contentful paint, the load event, and interactive (the wasm has
// hydrated the page: `<html data-hydrated="true">`).
//
// Usage: node scripts/phone-bench.mjs BASE_URL [NAME=PATH[;COOKIE] ...]
// Prints a Markdown table. Nothing here passes or fails: figures go in the README.
import { createRequire } from 'node:module';
const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const [base, ...pages] = process.argv.slice(2);
const RUNS = Number(process.env.NRM_BENCH_RUNS ?? 3);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

/** One visit in `context`: the figures, in bytes and milliseconds. */
async function visit(context, url) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  // When the wasm marks the page hydrated, in the page's own clock.
  // (The script runs before the page's <html> exists: it watches the document.)
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.documentElement?.dataset.hydrated === 'true') {
        window.__hydratedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 60_000 });
  // Let late requests (lazy route chunks, reference lists) finish and count.
  await page.waitForLoadState('networkidle');
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { fcp: fcp ? fcp.startTime : NaN, load: nav.loadEventEnd, interactive: window.__hydratedAt };
  });
  await page.close();
  return { bytes, ...timing };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

console.log('| page | visit | on the wire | first paint | load | interactive |');
console.log('|---|---|---|---|---|---|');
for (const spec of pages) {
  // NAME=PATH[;COOKIE], split at the first '=' and ';' (a cookie has its own '=').
  const name = spec.slice(0, spec.indexOf('='));
  const rest = spec.slice(spec.indexOf('=') + 1);
  const semi = rest.indexOf(';');
  const path = semi < 0 ? rest : rest.slice(0, semi);
  const cookie = semi < 0 ? '' : rest.slice(semi + 1);
  const first = [];
  const second = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({
      viewport: { width: 375, height: 667 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    if (cookie) {
      const cname = cookie.slice(0, cookie.indexOf('='));
      const value = cookie.slice(cookie.indexOf('=') + 1);
      await context.addCookies([{ name: cname, value, url: base }]);
    }
    first.push(await visit(context, base + path));
    second.push(await visit(context, base + path));
    await context.close();
  }
  for (const [visitName, runs] of [['first', first], ['second', second]]) {
    const m = (key) => median(runs.map((r) => r[key]));
    console.log(`| ${name} | ${visitName} | ${kb(m('bytes'))} | ${s(m('fcp'))} | ${s(m('load'))} | ${s(m('interactive'))} |`);
  }
}
await browser.close();
