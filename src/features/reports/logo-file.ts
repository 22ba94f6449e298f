/**
 * The partnership's logo: a PNG, or an SVG rebuilt from a strict allowlist. The type comes from the
 * bytes, never the name. An SVG is parsed by our own small XML reader that refuses what it does not
 * understand (document types, entity declarations, unknown entities, malformed markup) and keeps only
 * drawing elements and attributes: no script, no foreignObject, no event handlers, no links or
 * references other than to an id in the same file, no style that loads anything.
 */
import { parseXml, type XmlElement, type XmlNode } from './xml.js';

export const LOGO_LIMIT_BYTES = 1024 * 1024;

export type LogoType = 'image/png' | 'image/svg+xml';

export type LogoCheck = { ok: true; contentType: LogoType; content: Buffer } | { ok: false; error: string };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const ELEMENTS = new Set([
  'svg',
  'g',
  'defs',
  'title',
  'desc',
  'symbol',
  'use',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
  'mask',
  'pattern',
  'style',
]);

const ATTRIBUTES = new Set(
  (
    'id class viewBox width height x y x1 y1 x2 y2 cx cy r rx ry fx fy d points dx dy fill fill-opacity ' +
    'fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit stroke-dasharray ' +
    'stroke-dashoffset stroke-opacity opacity transform gradientUnits gradientTransform spreadMethod offset ' +
    'stop-color stop-opacity clip-path clip-rule clipPathUnits mask maskUnits maskContentUnits patternUnits ' +
    'patternContentUnits patternTransform preserveAspectRatio font-family font-size font-weight font-style ' +
    'text-anchor dominant-baseline letter-spacing textLength lengthAdjust visibility display vector-effect ' +
    'shape-rendering xmlns xmlns:xlink version href xlink:href style role aria-label aria-hidden xml:space'
  ).split(' '),
);

const LOCAL_REF = /^#[A-Za-z_][\w.:-]*$/;
const URL_CALL = /url\s*\(/gi;
const LOCAL_URL_CALL = /url\(\s*(['"]?)#[A-Za-z_][\w.:-]*\1\s*\)/gi;
/** Anything in CSS or an attribute that could load, run or hide something. */
const DANGEROUS = /javascript:|data:|vbscript:|expression\s*\(|@import|\\|<|behavior\s*:|-moz-binding/i;

/** Checks an uploaded logo: its size, its real type, and for an SVG, the sanitised file to store. */
export function checkLogo(data: Buffer): LogoCheck {
  if (data.length === 0) return { ok: false, error: 'Select a PNG or SVG file' };
  if (data.length > LOGO_LIMIT_BYTES) return { ok: false, error: 'The logo must be smaller than 1 MB' };
  if (data.subarray(0, 8).equals(PNG_SIGNATURE)) {
    // A real PNG starts with its header chunk.
    if (data.length < 33 || data.toString('latin1', 12, 16) !== 'IHDR') {
      return { ok: false, error: 'The selected file is not a PNG or SVG image' };
    }
    return { ok: true, contentType: 'image/png', content: data };
  }
  const svg = sanitiseSvg(data);
  return svg.ok
    ? { ok: true, contentType: 'image/svg+xml', content: Buffer.from(svg.svg, 'utf8') }
    : { ok: false, error: svg.error };
}

export type SvgResult = { ok: true; svg: string } | { ok: false; error: string };

/** An SVG rebuilt from the allowlist, or why it cannot be. */
export function sanitiseSvg(data: Buffer): SvgResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return { ok: false, error: 'The selected file is not a PNG or SVG image' };
  }
  const parsed = parseXml(text);
  if (!parsed.ok) {
    return parsed.reason === 'not-xml'
      ? { ok: false, error: 'The selected file is not a PNG or SVG image' }
      : { ok: false, error: `The SVG file cannot be used: ${parsed.reason}` };
  }
  const root = parsed.root;
  if (localName(root.name) !== 'svg') return { ok: false, error: 'The selected file is not a PNG or SVG image' };
  const clean = cleanElement(root);
  if (!clean.attributes.some(([k]) => k === 'xmlns')) clean.attributes.unshift(['xmlns', 'http://www.w3.org/2000/svg']);
  return { ok: true, svg: serialise(clean) };
}

const localName = (name: string) => (name.startsWith('svg:') ? name.slice(4) : name);

function cleanElement(el: XmlElement): XmlElement {
  const name = localName(el.name);
  const attributes = el.attributes
    .filter(([k, v]) => ATTRIBUTES.has(k) && safeValue(k, v))
    .map(([k, v]) => [k, k === 'xmlns' ? 'http://www.w3.org/2000/svg' : v] as [string, string]);
  const children: XmlNode[] = [];
  for (const child of el.children) {
    if (typeof child === 'string') children.push(child);
    else if (ELEMENTS.has(localName(child.name))) {
      if (localName(child.name) === 'style') {
        const css = child.children.filter((c): c is string => typeof c === 'string').join('');
        if (safeCss(css)) children.push({ name: 'style', attributes: [], children: [css] });
      } else children.push(cleanElement(child));
    }
  }
  return { name, attributes, children };
}

function safeValue(name: string, value: string): boolean {
  if (name === 'href' || name === 'xlink:href') return LOCAL_REF.test(value.trim());
  if (name === 'xmlns:xlink') return value === 'http://www.w3.org/1999/xlink';
  return safeCss(value);
}

/** Only url(#id) references, and nothing that could load or run anything. */
function safeCss(value: string): boolean {
  if (DANGEROUS.test(value)) return false;
  const calls = value.match(URL_CALL)?.length ?? 0;
  const local = value.match(LOCAL_URL_CALL)?.length ?? 0;
  return calls === local;
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

function serialise(el: XmlElement): string {
  const attrs = el.attributes.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  if (!el.children.length) return `<${el.name}${attrs}/>`;
  const inner = el.children.map((c) => (typeof c === 'string' ? escapeText(c) : serialise(c))).join('');
  return `<${el.name}${attrs}>${inner}</${el.name}>`;
}
