import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { PartnershipLogo } from './exports.service.js';

/**
 * The partnership's logo for a Word or PDF title page. Neither docx nor pdfkit draws SVG, so an SVG logo
 * (already sanitised when it was uploaded: drawing elements only, nothing it could load) is drawn as a PNG
 * at print resolution by resvg. A PNG is used as it is. An SVG resvg cannot draw gives no logo rather than
 * a failed export.
 */

// The title pages fit the logo in about 2.5 × 1 inches: drawn for 300 dots an inch.
const BOX = { width: 750, height: 300 };
const MAX_ZOOM = 20;

// Drawn once per logo (a partnership exports many documents with the same one); bounded.
const drawn = new Map<string, Buffer | null>();
const MAX_DRAWN = 16;

// resvg is a native module of a few MB: loaded on the first SVG logo, not at start-up.
const require = createRequire(import.meta.url);

export function printableLogo(logo: PartnershipLogo | null): PartnershipLogo | null {
  if (!logo || logo.contentType === 'image/png') return logo;
  const key = createHash('sha256').update(logo.content).digest('hex');
  let png = drawn.get(key);
  if (png === undefined) {
    png = drawSvg(logo.content);
    if (drawn.size >= MAX_DRAWN) drawn.delete(drawn.keys().next().value!);
    drawn.set(key, png);
  }
  return png ? { contentType: 'image/png', content: png } : null;
}

function drawSvg(svg: Buffer): Buffer | null {
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  try {
    // Its own size first, then drawn at the zoom that fills the box.
    const { width, height } = new Resvg(svg, { logLevel: 'off' });
    if (!(width > 0 && height > 0)) return null;
    const zoom = Math.min(BOX.width / width, BOX.height / height, MAX_ZOOM);
    const image = new Resvg(svg, { fitTo: { mode: 'zoom', value: zoom }, logLevel: 'off' }).render();
    return image.asPng();
  } catch {
    return null;
  }
}
