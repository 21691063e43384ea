// Measures what a browser downloads: raw and brotli (quality 11) bytes of the
// release wasm and JS glue, and of a page's HTML plus its CSS as served.
// Usage: [NRM_COOKIE=nrm_session=…] node scripts/sizes.mjs BASE_URL SITE_PKG_DIR PATH...
// With NRM_COOKIE set, pages are fetched as that signed-in user.
import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

const [base, pkgDir, ...paths] = process.argv.slice(2);
const brotli = (buf) =>
  brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const row = (name, buf) => `| ${name} | ${kb(buf.length)} | ${kb(brotli(buf))} |`;

const lines = ['| what | raw | brotli -q 11 |', '|---|---|---|'];
// cargo-leptos names it nrm.wasm; plain wasm-bindgen, nrm_bg.wasm.
const wasm = readFileSync([`${pkgDir}/nrm.wasm`, `${pkgDir}/nrm_bg.wasm`].find(existsSync));
const js = readFileSync(`${pkgDir}/nrm.js`);
lines.push(row('release wasm', wasm));
lines.push(row('release JS glue', js));
lines.push(row('wasm + JS glue', Buffer.concat([wasm, js])));
// Lazy routes (cargo leptos --split): each route's code and the chunks it
// shares with others, fetched by the split loader when the route is opened.
const manifestFile = `${pkgDir}/__wasm_split_manifest.json`;
if (existsSync(manifestFile)) {
  const loader = readFileSync(`${pkgDir}/__wasm_split.______________________.js`);
  lines.push(row('split loader JS (fetched with a lazy route)', loader));
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const all = new Set();
  for (const [route, files] of Object.entries(manifest).sort()) {
    files.forEach((f) => all.add(f));
    const name = route.replace(/^__/, '').replace(/_route_view_\d+$/, '');
    lines.push(row(`lazy: ${name} (with its chunks)`, Buffer.concat(files.map((f) => readFileSync(`${pkgDir}/${f}.wasm`)))));
  }
  lines.push(row('lazy: every route and chunk', Buffer.concat([...all].map((f) => readFileSync(`${pkgDir}/${f}.wasm`)))));
}
const css = Buffer.from(await (await fetch(`${base}/pkg/nrm.css`)).arrayBuffer());
lines.push(row('CSS', css));
for (const path of paths) {
  const headers = process.env.NRM_COOKIE ? { cookie: process.env.NRM_COOKIE } : {};
  const response = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
  if (response.status !== 200) throw new Error(`${path}: status ${response.status}`);
  const html = Buffer.from(await response.arrayBuffer());
  lines.push(row(`HTML of ${path}`, html));
  lines.push(row(`HTML + CSS of ${path}`, Buffer.concat([html, css])));
}
console.log(lines.join('\n'));
