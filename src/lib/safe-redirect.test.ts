import { describe, expect, it } from 'vitest';
import { localPath, safeNext } from './safe-redirect.js';

describe('localPath', () => {
  it.each([
    ['/\t/evil.example', 'a tab, which browsers drop (→ //evil.example)'],
    ['/\n/evil.example', 'a newline'],
    ['/\r/evil.example', 'a carriage return'],
    ['/\u0000/evil.example', 'a NUL'],
    ['/\u007f/evil.example', 'a DEL'],
    ['/\u0085/evil.example', 'a C1 control'],
    ['/ /evil.example', 'a space'],
    ['/évil', 'a character a Location header cannot carry as sent'],
    ['//evil.example', 'a protocol-relative address'],
    ['///evil.example', 'three slashes'],
    ['/\\evil.example', 'a backslash, read as a slash'],
    ['\\/evil.example', 'a leading backslash'],
    ['/\\/evil.example', 'slash backslash slash'],
    ['https://evil.example', 'an absolute address'],
    ['http:/evil.example', 'a scheme with one slash'],
    ['javascript:alert(1)', 'a script'],
    ['JavaScript:alert(1)', 'a script in mixed case'],
    ['data:text/html,hi', 'a data URL'],
    ['evil.example', 'a relative address'],
    ['', 'nothing'],
    ['/..//evil.example', 'dot segments that leave a path starting //'],
    ['/%2e%2e//evil.example', 'encoded dot segments that leave a path starting //'],
    [`/${'a'.repeat(2048)}`, 'something very long'],
  ])('refuses %j (%s)', (value) => {
    expect(localPath(value)).toBeNull();
    expect(safeNext(value, '/reviews')).toBe('/reviews');
  });

  it.each([
    '/',
    '/reviews',
    '/ok/path?x=1',
    '/reviews/0193?next=//evil.example',
    '/account#two-factor',
    '/%09/evil.example',
    '/%2F/evil.example',
    '/%5C%5Cevil.example',
    '/reviews/a%20b',
  ])('keeps the local path %j', (value) => {
    // The URL parser agrees it is a path on this site: percent-encoding is never decoded into a host.
    expect(new URL(value, 'http://placeholder.invalid').origin).toBe('http://placeholder.invalid');
    expect(localPath(value)).toBe(value);
    expect(safeNext(value, '/reviews')).toBe(value);
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 1, ['/reviews'], { path: '/reviews' }]) {
      expect(safeNext(value, '/home')).toBe('/home');
    }
  });
});
