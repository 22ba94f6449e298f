import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tinyPng } from '../../../test/helpers/images.js';
import { checkLogo, LOGO_LIMIT_BYTES, sanitiseSvg } from './logo-file.js';

const svg = (body: string, attrs = '') =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"${attrs}>${body}</svg>`);

const clean = (input: string | Buffer) => {
  const result = sanitiseSvg(Buffer.isBuffer(input) ? input : Buffer.from(input));
  if (!result.ok) throw new Error(result.error);
  return result.svg;
};
const refused = (input: string | Buffer) => {
  const result = checkLogo(Buffer.isBuffer(input) ? input : Buffer.from(input));
  if (result.ok) throw new Error(`accepted: ${result.content.toString()}`);
  return result.error;
};

describe('logo files: the type comes from the content', () => {
  it('accepts a PNG as it is', () => {
    const png = tinyPng();
    const result = checkLogo(png);
    expect(result).toEqual({ ok: true, contentType: 'image/png', content: png });
  });

  it('refuses a file with the PNG signature but no header chunk, and files that are neither', () => {
    expect(refused(Buffer.concat([tinyPng().subarray(0, 8), Buffer.from('<script>alert(1)</script>')]))).toBe(
      'The selected file is not a PNG or SVG image',
    );
    expect(refused('%PDF-1.4 pretend')).toBe('The selected file is not a PNG or SVG image');
    expect(refused('<html><body>hello</body></html>')).toBe('The selected file is not a PNG or SVG image');
    expect(refused(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('The selected file is not a PNG or SVG image');
    expect(refused(Buffer.alloc(0))).toBe('Select a PNG or SVG file');
  });

  it('refuses anything over 1 MB, SVG or PNG', () => {
    const huge = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg"><desc>${'a'.repeat(LOGO_LIMIT_BYTES)}</desc></svg>`,
    );
    expect(refused(huge)).toBe('The logo must be smaller than 1 MB');
    expect(refused(Buffer.concat([tinyPng(), Buffer.alloc(LOGO_LIMIT_BYTES)]))).toBe(
      'The logo must be smaller than 1 MB',
    );
  });

  it('keeps a plain SVG drawing, with its namespace, gradients and local references', () => {
    const out = clean(
      svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>' +
          '<title>Anytown partnership</title><rect width="10" height="10" fill="url(#g)"/>' +
          '<use href="#g"/><text x="1" y="5" font-size="3">A &amp; B</text>',
      ),
    );
    expect(out).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>' +
        '<title>Anytown partnership</title><rect width="10" height="10" fill="url(#g)"/><use href="#g"/><text x="1" y="5" font-size="3">A &amp; B</text></svg>',
    );
    expect(checkLogo(svg('<rect width="1" height="1"/>'))).toMatchObject({ ok: true, contentType: 'image/svg+xml' });
  });

  it('adds the SVG namespace when the file leaves it out, and keeps an XML declaration out', () => {
    expect(clean('<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n<svg><circle r="2"/></svg>')).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg"><circle r="2"/></svg>',
    );
  });
});

describe('hostile SVGs', () => {
  it('drops script elements and their content', () => {
    const out = clean(svg('<script>alert(document.cookie)</script><rect width="1" height="1"/>'));
    expect(out).not.toMatch(/script|alert/i);
    expect(out).toContain('<rect width="1" height="1"/>');
    expect(clean(svg('<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>'))).not.toMatch(/alert/);
  });

  it('drops event handler attributes (onload, onclick, any on*)', () => {
    const out = clean(svg('<rect onclick="alert(1)" width="1" height="1"/>', ' onload="alert(1)" OnMouseOver="x()"'));
    expect(out).not.toMatch(/on\w+=|alert/i);
  });

  it('drops foreignObject and everything in it', () => {
    const out = clean(
      svg(
        '<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example"/></body></foreignObject>',
      ),
    );
    expect(out).toBe('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>');
  });

  it('drops javascript: and external links, and elements that load or link to other things', () => {
    const out = clean(
      svg(
        '<use href="javascript:alert(1)"/><use xlink:href="https://evil.example/sprite.svg#x" xmlns:xlink="http://www.w3.org/1999/xlink"/>' +
          '<a href="https://evil.example"><rect width="1" height="1"/></a><image href="https://evil.example/track.png"/>' +
          '<use href="  #ok "/><animate attributeName="href" to="javascript:alert(1)"/><set attributeName="onload" to="alert(1)"/>',
      ),
    );
    expect(out).not.toMatch(/javascript|evil|<a|<image|<animate|<set/i);
    expect(out).toContain('<use/>');
  });

  it('drops fills and styles that load anything: url() to another file, data:, @import, expression()', () => {
    const out = clean(
      svg(
        '<rect fill="url(https://evil.example/p.svg#x)" width="1"/><rect fill="url(#ok)" width="2"/>' +
          '<rect style="fill: red; background: url(https://evil.example/x.png)" width="3"/><rect style="fill: blue" width="4"/>' +
          '<style>@import url(https://evil.example/x.css);</style><style>.a { fill: red }</style>' +
          '<rect filter="url(data:image/svg+xml;base64,AAAA)" width="5"/>',
      ),
    );
    expect(out).not.toMatch(/evil|@import|data:/);
    expect(out).toContain(
      '<rect width="1"/><rect fill="url(#ok)" width="2"/><rect width="3"/><rect style="fill: blue" width="4"/>',
    );
    expect(out).toContain('<style>.a { fill: red }</style>');
  });

  it('refuses document type declarations: no entities, internal or external (XXE, billion laughs)', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      '<svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>';
    expect(refused(xxe)).toBe('The SVG file cannot be used: it has a document type declaration, which is not allowed');
    const laughs =
      '<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>';
    expect(refused(laughs)).toMatch(/document type declaration/);
    expect(refused('<svg xmlns="http://www.w3.org/2000/svg"><!ENTITY x "y"></svg>')).toMatch(/declaration/);
    expect(refused('<svg xmlns="http://www.w3.org/2000/svg"><text>&nbsp;&xxe;</text></svg>')).toMatch(/entity/);
  });

  it('refuses malformed and deeply nested files rather than guessing', () => {
    expect(refused('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>')).toMatch(/cannot be used/);
    expect(refused('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1></svg>')).toMatch(/cannot be used/);
    expect(refused('<svg xmlns="http://www.w3.org/2000/svg" a="1" a="2"/>')).toMatch(/repeated/);
    expect(refused(`<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(100)}${'</g>'.repeat(100)}</svg>`)).toMatch(
      /nested too deeply/,
    );
    expect(refused('<svg xmlns="http://www.w3.org/2000/svg"/><svg/>')).toMatch(/after the root/);
    expect(refused('<html xmlns="http://www.w3.org/1999/xhtml"/>')).toBe('The selected file is not a PNG or SVG image');
  });

  it('escapes text and attributes again when it writes the file out', () => {
    const out = clean(svg('<text>&lt;script&gt;alert(1)&lt;/script&gt;</text><g id="a&quot;b"/>'));
    expect(out).toContain('<text>&lt;script&gt;alert(1)&lt;/script&gt;</text>');
    expect(out).not.toContain('<script');
  });

  it('never lets through a script, an event handler or a foreign reference, whatever it is given', () => {
    const piece = fc.constantFrom(
      '<script>x()</script>',
      '<g onload="x()">',
      '</g>',
      '<rect/>',
      '<foreignObject><div/></foreignObject>',
      '<use href="https://e.example/#a"/>',
      '<use href="#a"/>',
      '<rect style="fill:url(http://e.example)"/>',
      '<![CDATA[<script>x()</script>]]>',
      '<!-- <script> -->',
      'text &amp; more',
      '<a xlink:href="javascript:x()">',
      '</a>',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const result = sanitiseSvg(svg(pieces.join('')));
        if (!result.ok) return;
        expect(result.svg).not.toMatch(/<script|onload|<foreignObject|e\.example|javascript:|<a[\s>]/i);
      }),
    );
  });
});
