import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { PartnershipLogo } from './exports.service.js';

/**
 * The partnership's logo for a Word or PDF title page. Neither docx nor pdfkit draws SVG, so an SVG logo
 * (already sanitised when it was uploaded: drawing elements only, nothing it could load) is drawn as a PNG
 * at print resolution by resvg. A PNG is used as it is. An SVG that cannot be drawn gives no logo rather
 * than a failed export.
 *
 * resvg runs in a child process with a time limit: a sanitised SVG can still be costly to draw (`<use>`
 * of groups of `<use>` multiplies), and native drawing on the server's event loop could not be stopped.
 */

// The title pages fit the logo in about 2.5 × 1 inches: drawn for 300 dots an inch.
const BOX = { width: 750, height: 300 };
const MAX_ZOOM = 20;
const TIME_LIMIT_MS = 10_000;
const MAX_PNG_BYTES = 16 * 1024 * 1024;

// Drawn once per logo (a partnership exports many documents with the same one); bounded.
const drawn = new Map<string, Promise<Buffer | null>>();
const MAX_DRAWN = 16;

export async function printableLogo(logo: PartnershipLogo | null): Promise<PartnershipLogo | null> {
  if (!logo || logo.contentType === 'image/png') return logo;
  const key = createHash('sha256').update(logo.content).digest('hex');
  let png = drawn.get(key);
  if (!png) {
    png = drawSvg(logo.content);
    if (drawn.size >= MAX_DRAWN) drawn.delete(drawn.keys().next().value!);
    drawn.set(key, png);
  }
  const content = await png;
  return content ? { contentType: 'image/png', content } : null;
}

// The child: reads the SVG on stdin, measures it, draws it at the zoom that fills the box, writes the PNG.
const DRAW = `
const { Resvg } = require(process.argv[1]);
const [boxWidth, boxHeight, maxZoom] = process.argv.slice(2).map(Number);
const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk)).on('end', () => {
  const svg = Buffer.concat(chunks);
  const { width, height } = new Resvg(svg, { logLevel: 'off' });
  if (!(width > 0 && height > 0)) process.exit(2);
  const zoom = Math.min(boxWidth / width, boxHeight / height, maxZoom);
  process.stdout.write(new Resvg(svg, { fitTo: { mode: 'zoom', value: zoom }, logLevel: 'off' }).render().asPng());
});
`;

function drawSvg(svg: Buffer): Promise<Buffer | null> {
  const resvg = createRequire(import.meta.url).resolve('@resvg/resvg-js');
  const args = ['-e', DRAW, resvg, String(BOX.width), String(BOX.height), String(MAX_ZOOM)];
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      args,
      { encoding: 'buffer', timeout: TIME_LIMIT_MS, maxBuffer: MAX_PNG_BYTES, env: {} },
      (error, stdout) => resolve(!error && stdout.subarray(1, 4).toString('ascii') === 'PNG' ? stdout : null),
    );
    child.stdin?.on('error', () => undefined).end(svg);
  });
}
