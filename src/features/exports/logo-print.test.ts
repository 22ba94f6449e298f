import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, exportsWorld, seed, type ExportsWorld } from '../../../test/helpers/exports-world.js';
import { setLogo } from '../../../test/helpers/images.js';
import { printableLogo } from './logo-print.js';

// A partnership whose logo is an SVG (as the settings page stores it, sanitised) gets it on the title page
// of the Word and PDF exports too: drawn as a PNG, since neither format's library draws SVG.
let w: ExportsWorld;
let reviewId: string;
const tmp = mkdtempSync(join(tmpdir(), 'qm-logo-'));

const svg = (body: string, size = 'viewBox="0 0 200 80" width="200" height="80"') =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" ${size}>${body}</svg>`);
const LOGO = svg('<rect width="200" height="80" fill="#1d70b8"/><circle cx="40" cy="40" r="30" fill="#ffdd00"/>');

const useLogo = (content: Buffer) => setLogo(w.t.testDb.db, w.orgA.id, { content, contentType: 'image/svg+xml' });

const exportOf = (format: string) => call(w, `/api/v1/reviews/${reviewId}/export?format=${format}`, w.tokens.a);

/** Width and height from a PNG's header. */
const sizeOf = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

async function wordImages(): Promise<Buffer[]> {
  const res = await exportOf('docx');
  expect(res.statusCode).toBe(200);
  const zip = await JSZip.loadAsync(res.rawPayload);
  const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
  return Promise.all(media.map((f) => zip.file(f)!.async('nodebuffer')));
}

/** The images on the PDF's first page, as poppler lists them (a soft mask is listed as its own line). */
async function pdfTitlePageImages(): Promise<string[]> {
  const res = await exportOf('pdf');
  expect(res.statusCode).toBe(200);
  const file = join(tmp, 'review.pdf');
  writeFileSync(file, res.rawPayload);
  const list = execFileSync('/usr/bin/pdfimages', ['-list', '-f', '1', '-l', '1', file], { encoding: 'utf8' });
  return list
    .trim()
    .split('\n')
    .slice(2)
    .filter((line) => /^\s*1\s+\d+\s+image\b/.test(line));
}

beforeAll(async () => {
  w = await exportsWorld();
  reviewId = (await seed(w, { reference: 'LCSPR 2026/07', rounds: 1, answersPerMarker: 1, actions: 1 })).review.id;
});
afterAll(async () => {
  await w.t.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('an SVG logo on the Word and PDF title pages', () => {
  it('is drawn as a PNG at print resolution, keeping its shape', async () => {
    const drawn = (await printableLogo({ contentType: 'image/svg+xml', content: LOGO }))!;
    expect(drawn.contentType).toBe('image/png');
    expect(drawn.content.subarray(1, 4).toString('ascii')).toBe('PNG');
    // 200 × 80 fills the 750 × 300 box exactly.
    expect(sizeOf(drawn.content)).toEqual({ width: 750, height: 300 });
    const tall = (await printableLogo({
      contentType: 'image/svg+xml',
      content: svg('<rect width="50" height="100"/>', 'width="50" height="100"'),
    }))!;
    expect(sizeOf(tall.content)).toEqual({ width: 150, height: 300 });
  });

  it('is in the Word document and on the first page of the PDF', async () => {
    await useLogo(LOGO);
    const images = await wordImages();
    expect(images).toHaveLength(1);
    expect(sizeOf(images[0]!)).toEqual({ width: 750, height: 300 });
    expect(await pdfTitlePageImages()).toHaveLength(1);
  });

  it('leaves the title page without a logo, and the export whole, when the SVG cannot be drawn', async () => {
    await useLogo(svg('<rect width="10" height="10"/>', 'width="0" height="0"'));
    expect(await wordImages()).toHaveLength(0);
    expect(await pdfTitlePageImages()).toHaveLength(0);
  });

  it('gives no logo for an SVG whose uses multiply past what resvg will draw, and the export still works', async () => {
    // Eight levels of ten uses of the level below: 10⁸ rectangles from a 2 KB file.
    const levels = Array.from(
      { length: 8 },
      (_, i) =>
        `<g id="g${i + 1}">${Array.from({ length: 10 }, (_, j) => `<use href="#g${i}" x="${j}"/>`).join('')}</g>`,
    );
    const bomb = svg(`<defs><rect id="g0" width="1" height="1"/>${levels.join('')}</defs><use href="#g8"/>`);
    expect(await printableLogo({ contentType: 'image/svg+xml', content: bomb })).toBeNull();
    await useLogo(bomb);
    expect(await wordImages()).toHaveLength(0);
  });
});
