import { DOMParser, type Document as XmlDocument } from '@xmldom/xmldom';
import { parseHTML } from 'linkedom';

/**
 * Ground-truth text of an HTML or XML body, independent of the parsers under test: the text of every
 * element except scripts and styles, with a line break around block elements so words never run together.
 */

interface Node {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<Node>;
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'title']);
const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr', 'ruby', 'rt', 'rp', 'del', 'ins', 'chron', 'person', 'location', 'org', 'money', 'num', 'virtloc', 'classifier', 'pronounce', 'copyrite', 'event', 'function', 'object.title']);

const localName = (n: Node): string => {
  const raw = n.nodeName.toLowerCase();
  const colon = raw.indexOf(':');
  return colon >= 0 ? raw.slice(colon + 1) : raw;
};

export function nodeText(node: Node, skip: ReadonlySet<string> = SKIP): string {
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (n.nodeType === 3 || n.nodeType === 4) {
      out.push(n.nodeValue ?? '');
      return;
    }
    if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) return;
    const name = localName(n);
    if (n.nodeType === 1 && skip.has(name)) return;
    const block = n.nodeType === 1 && !INLINE.has(name);
    if (block) out.push('\n');
    for (const c of Array.from(n.childNodes)) walk(c);
    if (block) out.push('\n');
  };
  walk(node);
  return out
    .join('')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}

/** The text of an HTML fragment or page. */
export function htmlText(html: string): string {
  const { document } = parseHTML(/<html[\s>]/i.test(html) ? html : `<!doctype html><html><body>${html}</body></html>`);
  return nodeText(document as unknown as Node);
}

/** Parses XML for reading ground truth; errors are collected, not thrown. */
export function parseXmlDoc(xml: string): { doc: XmlDocument | undefined; errors: string[] } {
  const errors: string[] = [];
  const parser = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message)) });
  try {
    return { doc: parser.parseFromString(xml, 'text/xml'), errors };
  } catch (e) {
    return { doc: undefined, errors: [...errors, e instanceof Error ? e.message : String(e)] };
  }
}
