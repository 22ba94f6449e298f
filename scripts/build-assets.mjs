// Builds dist/assets: our Sass (with govuk-frontend) to one compressed CSS file, plus our JS and icon.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/assets`;
mkdirSync(out, { recursive: true });
const result = sass.compile(`${root}assets/scss/app.scss`, {
  style: 'compressed',
  loadPaths: [`${root}node_modules`],
  quietDeps: true,
  silenceDeprecations: ['import'],
});
writeFileSync(`${out}/app.css`, result.css);
for (const file of readdirSync(`${root}assets/js`)) copyFileSync(`${root}assets/js/${file}`, `${out}/${file}`);
copyFileSync(`${root}assets/favicon.svg`, `${out}/favicon.svg`);
console.log(`built ${out}/app.css (${Math.round(result.css.length / 1024)} KB), scripts, favicon.svg`);
