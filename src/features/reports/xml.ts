/**
 * A deliberately small XML reader for logos: elements, attributes, text, comments, CDATA and the XML
 * declaration. It refuses document types (so no entity can be declared, no external file named),
 * entities other than the five predefined ones and character references, and anything malformed.
 * Namespaces are kept as written in names ("xlink:href").
 */

export interface XmlElement {
  name: string;
  attributes: [string, string][];
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; reason: string };

const MAX_DEPTH = 64;
const MAX_ELEMENTS = 50_000;
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class XmlError extends Error {}

function decodeEntities(s: string): string {
  return s.replace(/&([^;\s&]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new XmlError('it contains a stray “&”');
    if (ref in PREDEFINED) return PREDEFINED[ref]!;
    const num = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
    if (num) {
      const code = num[1] ? parseInt(num[1], 16) : Number(num[2]);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        throw new XmlError('it contains an invalid character reference');
      }
      return String.fromCodePoint(code);
    }
    throw new XmlError(`it uses the entity “&${ref.slice(0, 40)};”, which is not allowed`);
  });
}

/** Parses a whole document with one root element. */
export function parseXml(input: string): XmlResult {
  const text = input.replace(/^\uFEFF/, '');
  try {
    let i = 0;
    const skipMisc = () => {
      for (;;) {
        const ws = /^\s*/.exec(text.slice(i))![0].length;
        i += ws;
        if (text.startsWith('<!--', i)) {
          const end = text.indexOf('-->', i + 4);
          if (end < 0) throw new XmlError('a comment is not closed');
          i = end + 3;
        } else if (text.startsWith('<?', i)) {
          const end = text.indexOf('?>', i + 2);
          if (end < 0) throw new XmlError('a processing instruction is not closed');
          i = end + 2;
        } else if (/^<!doctype/i.test(text.slice(i, i + 9))) {
          throw new XmlError('it has a document type declaration, which is not allowed');
        } else return;
      }
    };
    skipMisc();
    if (text[i] !== '<' || !NAME.test(text.slice(i + 1, i + 200))) return { ok: false, reason: 'not-xml' };
    let count = 0;
    const stack: XmlElement[] = [];
    let root: XmlElement | undefined;
    while (i < text.length) {
      if (!stack.length && root) break;
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) throw new XmlError('a comment is not closed');
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i + 9);
        if (end < 0 || !stack.length) throw new XmlError('a CDATA section is not closed');
        stack.at(-1)!.children.push(text.slice(i + 9, end));
        i = end + 3;
      } else if (text.startsWith('<!', i)) {
        throw new XmlError('it has a declaration, which is not allowed');
      } else if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i + 2);
        if (end < 0) throw new XmlError('a processing instruction is not closed');
        i = end + 2;
      } else if (text.startsWith('</', i)) {
        const m = NAME.exec(text.slice(i + 2, i + 202));
        const open = stack.pop();
        if (!m || !open || m[0] !== open.name) throw new XmlError('its tags do not match');
        i += 2 + m[0].length;
        const close = /^\s*>/.exec(text.slice(i));
        if (!close) throw new XmlError('a closing tag is malformed');
        i += close[0].length;
      } else if (text[i] === '<') {
        const m = NAME.exec(text.slice(i + 1, i + 201));
        if (!m) throw new XmlError('a tag is malformed');
        if (++count > MAX_ELEMENTS) throw new XmlError('it has too many elements');
        const el: XmlElement = { name: m[0], attributes: [], children: [] };
        i += 1 + m[0].length;
        let selfClosing = false;
        for (;;) {
          const ws = /^\s*/.exec(text.slice(i, i + 1000))![0].length;
          i += ws;
          if (text.startsWith('/>', i)) {
            selfClosing = true;
            i += 2;
            break;
          }
          if (text[i] === '>') {
            i += 1;
            break;
          }
          const a = NAME.exec(text.slice(i, i + 200));
          if (!a || ws === 0) throw new XmlError('an attribute is malformed');
          i += a[0].length;
          const eq = /^\s*=\s*(["'])/.exec(text.slice(i, i + 200));
          if (!eq) throw new XmlError('an attribute is malformed');
          i += eq[0].length;
          const end = text.indexOf(eq[1]!, i);
          if (end < 0) throw new XmlError('an attribute is not closed');
          const raw = text.slice(i, end);
          if (raw.includes('<')) throw new XmlError('an attribute contains “<”');
          if (el.attributes.some(([k]) => k === a[0])) throw new XmlError('an attribute is repeated');
          el.attributes.push([a[0], decodeEntities(raw)]);
          i = end + 1;
        }
        if (stack.length) stack.at(-1)!.children.push(el);
        else root = el;
        if (!selfClosing) {
          stack.push(el);
          if (stack.length > MAX_DEPTH) throw new XmlError('it is nested too deeply');
        }
      } else {
        const end = text.indexOf('<', i);
        const chunk = text.slice(i, end < 0 ? text.length : end);
        if (!stack.length) throw new XmlError('it has text outside the root element');
        stack.at(-1)!.children.push(decodeEntities(chunk));
        i = end < 0 ? text.length : end;
      }
    }
    if (stack.length || !root) throw new XmlError('it ends before its root element is closed');
    skipMisc();
    if (i < text.length) throw new XmlError('it has content after the root element');
    return { ok: true, root };
  } catch (e) {
    if (e instanceof XmlError) return { ok: false, reason: e.message };
    throw e;
  }
}
