// Regenerates reference-data/*.txt from the Home Office's MIT-licensed npm
// packages (the same lists the live service uses). One entry per line, in the
// packages' order. Usage: node scripts/import-reference-data.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LISTS = [
  ['ms-countries@1.0.0', 'countries.txt'],
  ['ms-nationalities@1.0.1', 'nationalities.txt'],
  ['ms-uk-cities-and-towns@2.0.2', 'uk-towns.txt'],
  ['ms-uk-local-authorities@2.2.3', 'local-authorities.txt'],
  ['ms-uk-police-forces@2.0.0', 'police-forces.txt'],
  ['ms-uk-regions@2.1.1', 'uk-regions.txt'],
];

const work = mkdtempSync(join(tmpdir(), 'nrm-refdata-'));
const require = createRequire(import.meta.url);
for (const [spec, file] of LISTS) {
  execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', work]);
  const tgz = readdirSync(work).find((f) => f.startsWith(spec.split('@')[0]) && f.endsWith('.tgz'));
  const dir = join(work, spec.split('@')[0]);
  execFileSync('mkdir', ['-p', dir]);
  execFileSync('tar', ['xzf', join(work, tgz), '-C', dir]);
  const entries = require(join(dir, 'package', 'index.js'));
  for (const { value, label } of entries) {
    if (value !== label) throw new Error(`${spec}: value and label differ: ${value} / ${label}`);
    if (/[\r\n]/.test(value)) throw new Error(`${spec}: line break in ${value}`);
  }
  const header = `# ${spec} (MIT, UK Home Office): ${entries.length} entries. Made by scripts/import-reference-data.mjs.\n`;
  writeFileSync(join('reference-data', file), header + entries.map((e) => e.value).join('\n') + '\n');
  console.log(`${file}: ${entries.length}`);
}
