/**
 * What axe sees of a page, without what changes from one load to the next: each element's name and
 * attributes in document order, with a script's nonce left out, form values and meta content reduced to
 * "has one", record ids and numbers reduced to a placeholder, text reduced to "has some", and a run of
 * identical siblings (the rows of a list, a table) counted once. Two pages with the same key are the same
 * page state to axe's WCAG rules, which read elements, attributes, roles, names and styles, not the words
 * themselves (a link or heading with no text is still seen). Runs in the page.
 */
export function pageStateKey(): string {
  const RECORD_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
  const attribute = (a: Attr) =>
    a.name === 'value' || a.name === 'content'
      ? `${a.name}=…`
      : `${a.name}=${a.value.replace(RECORD_ID, 'ID').replace(/[0-9]+/g, '9')}`;
  const describe = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent?.trim() ? 'T' : '';
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    const el = node as Element;
    const attributes = Array.from(el.attributes)
      .filter((a) => a.name !== 'nonce')
      .map(attribute)
      .sort()
      .join(' ');
    const children: string[] = [];
    for (const child of Array.from(el.childNodes)) {
      const d = describe(child);
      if (d && children[children.length - 1] !== d) children.push(d);
    }
    return `<${el.tagName} ${attributes}>${children.join('')}</>`;
  };
  return describe(document.documentElement);
}
