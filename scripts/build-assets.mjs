// Builds dist/assets: our Sass (with govuk-frontend) to one compressed CSS file, plus our JS and icon,
// govuk-frontend's JS, and a brotli and a gzip copy of each text file so the server never compresses them.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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
const govukJs = `${root}node_modules/govuk-frontend/dist/govuk`;
mkdirSync(`${out}/govuk-frontend`, { recursive: true });
for (const file of ['govuk-frontend.min.js', 'govuk-frontend.min.js.map']) {
  copyFileSync(`${govukJs}/${file}`, `${out}/govuk-frontend/${file}`);
}

const precompress = (file) => {
  const body = readFileSync(file);
  const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
};
for (const file of ['app.css', 'favicon.svg', 'govuk-frontend/govuk-frontend.min.js']) precompress(`${out}/${file}`);
for (const file of readdirSync(`${root}assets/js`)) precompress(`${out}/${file}`);
console.log(
  `built ${out}/app.css (${Math.round(result.css.length / 1024)} KB), scripts, favicon.svg, govuk-frontend.min.js, each with .br and .gz`,
);
