import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { parse } from 'node-html-parser';
import { rawGet, type RawResponse } from './http.js';

/**
 * The weight of a page as a browser that accepts br/gzip downloads it: the HTML plus every
 * stylesheet and script it links, plus the JS modules those scripts import (statically or with
 * import()), and CSS @imports. Counted in bytes on the wire (the compressed body: node:http never
 * decompresses). Images, fonts and icons are not counted.
 */

export const ACCEPT_ENCODING = 'br, gzip';

export interface Resource {
  url: string;
  kind: 'html' | 'css' | 'js';
  /** Why it is loaded: "page", "<link rel=stylesheet>", "<script src>", "import() in /assets/app.js"… */
  via: string;
  contentType: string;
  contentEncoding: string;
  compressedBytes: number;
  uncompressedBytes: number;
}

export interface PageWeight {
  page: string;
  acceptEncoding: string;
  resources: Resource[];
  totalCompressedBytes: number;
  totalUncompressedBytes: number;
  /** totalCompressedBytes / 1024. */
  totalCompressedKb: number;
}

export async function measurePageWeight(baseUrl: string, pagePath: string): Promise<PageWeight> {
  const resources: Resource[] = [];
  const seen = new Set<string>();
  const queue: { url: string; kind: Resource['kind']; via: string }[] = [
    { url: new URL(pagePath, baseUrl).href, kind: 'html', via: 'page' },
  ];
  while (queue.length) {
    const next = queue.shift()!;
    if (seen.has(next.url)) continue;
    seen.add(next.url);
    const res = await rawGet(next.url, { 'Accept-Encoding': ACCEPT_ENCODING });
    if (res.status !== 200) throw new Error(`page weight: GET ${next.url} answered ${res.status}`);
    const decoded = decode(res);
    const text = decoded.toString('utf8');
    const path = new URL(next.url).pathname;
    resources.push({
      url: path + new URL(next.url).search,
      kind: next.kind,
      via: next.via,
      contentType: String(res.headers['content-type'] ?? ''),
      contentEncoding: String(res.headers['content-encoding'] ?? 'identity'),
      compressedBytes: res.body.length,
      uncompressedBytes: decoded.length,
    });
    const sameOrigin = (ref: string) => {
      const url = new URL(ref, next.url);
      return url.origin === new URL(baseUrl).origin ? url.href : undefined;
    };
    const links =
      next.kind === 'html' ? linksOfHtml(text) : next.kind === 'css' ? linksOfCss(text, path) : linksOfJs(text, path);
    for (const link of links) {
      const url = sameOrigin(link.ref);
      if (url) queue.push({ url, kind: link.kind, via: link.via });
    }
  }
  const totalCompressedBytes = resources.reduce((sum, r) => sum + r.compressedBytes, 0);
  return {
    page: pagePath,
    acceptEncoding: ACCEPT_ENCODING,
    resources,
    totalCompressedBytes,
    totalUncompressedBytes: resources.reduce((sum, r) => sum + r.uncompressedBytes, 0),
    totalCompressedKb: totalCompressedBytes / 1024,
  };
}

interface Link {
  ref: string;
  kind: Resource['kind'];
  via: string;
}

function linksOfHtml(html: string): Link[] {
  const root = parse(html);
  const links: Link[] = [];
  for (const el of root.querySelectorAll('link')) {
    const rel = (el.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    const href = el.getAttribute('href');
    if (!href) continue;
    if (rel.includes('stylesheet')) links.push({ ref: href, kind: 'css', via: '<link rel=stylesheet>' });
    else if (rel.includes('modulepreload')) links.push({ ref: href, kind: 'js', via: '<link rel=modulepreload>' });
  }
  for (const el of root.querySelectorAll('script')) {
    const src = el.getAttribute('src');
    if (src) links.push({ ref: src, kind: 'js', via: '<script src>' });
  }
  return links;
}

/** import x from '…', import '…', export … from '…', import('…') with a literal specifier. */
const JS_IMPORTS = [
  /\bimport\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
  /\bimport\s*(['"])([^'"]+)\1/g,
  /\b(?:import|export)\s[^'";]*?\bfrom\s*(['"])([^'"]+)\1/g,
];

function linksOfJs(js: string, from: string): Link[] {
  const links: Link[] = [];
  for (const pattern of JS_IMPORTS) {
    for (const match of js.matchAll(pattern)) {
      const ref = match[2];
      // Bare specifiers ('govuk-frontend') cannot be loaded by a browser without an import map.
      if (ref && /^(\/|\.\.?\/)/.test(ref)) links.push({ ref, kind: 'js', via: `import in ${from}` });
    }
  }
  return links;
}

function linksOfCss(css: string, from: string): Link[] {
  const links: Link[] = [];
  for (const match of css.matchAll(/@import\s+(?:url\(\s*)?(['"]?)([^'")\s;]+)\1/g)) {
    if (match[2]) links.push({ ref: match[2], kind: 'css', via: `@import in ${from}` });
  }
  return links;
}

function decode(res: RawResponse): Buffer {
  const encoding = String(res.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'br') return brotliDecompressSync(res.body);
  if (encoding === 'gzip') return gunzipSync(res.body);
  if (encoding === 'deflate') return inflateSync(res.body);
  if (encoding === 'identity') return res.body;
  throw new Error(`page weight: unknown content-encoding ${encoding}`);
}
