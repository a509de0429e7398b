import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JSONContent } from '@tiptap/core';
import { blockSchema, type Block } from '../../../domain/article.js';
import { blocksToDoc, docToBlocks } from './convert.js';

const roundTrip = (blocks: Block[]) => docToBlocks(blocksToDoc(blocks));

const text = (t: string, ...marks: JSONContent['marks'] & object): JSONContent =>
  marks.length ? { type: 'text', text: t, marks } : { type: 'text', text: t };
const bold = { type: 'bold' };
const italic = { type: 'italic' };
const link = (href: string) => ({ type: 'link', attrs: { href, target: null, rel: 'noopener noreferrer nofollow', class: null, title: null } });
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });
const para = (...content: JSONContent[]): JSONContent => (content.length ? { type: 'paragraph', content } : { type: 'paragraph' });

describe('blocksToDoc / docToBlocks round trip', () => {
  const every: Block[] = [
    { type: 'paragraph', text: 'SOCHI, Russia — Plain lead paragraph.' },
    {
      type: 'paragraph',
      text: 'Some emphasis, some strong and a link.',
      marks: [
        { kind: 'em', start: 5, end: 13 },
        { kind: 'strong', start: 20, end: 26 },
        { kind: 'link', start: 33, end: 37, href: 'https://example.com/a?b=c' },
      ],
    },
    { type: 'crosshead', text: 'What happens next' },
    {
      type: 'blockquote',
      text: '“We will not back down,” she said.',
      marks: [{ kind: 'em', start: 1, end: 23 }],
      attribution: 'Ada Moss, minister',
    },
    { type: 'blockquote', text: 'An unattributed quote.' },
    {
      type: 'list',
      ordered: false,
      items: [{ text: 'First point' }, { text: 'Second, bold point', marks: [{ kind: 'strong', start: 8, end: 12 }] }],
    },
    { type: 'list', ordered: true, items: [{ text: 'One' }, { text: 'Two' }, { text: 'Three' }] },
    {
      type: 'image',
      src: '/media/2015/05/sochi.jpg',
      alt: 'Crowds on the Sochi seafront',
      caption: 'The seafront on Wednesday.',
      credit: 'Photo: Jo Biddle/AFP',
      width: 1200,
      height: 800,
      mediaId: 'm_123',
    },
    { type: 'image', src: 'https://cdn.example.com/x.png', alt: 'A chart' },
    { type: 'embed', url: 'https://www.youtube.com/watch?v=abc', provider: 'YouTube', title: 'The launch' },
    { type: 'embed', url: 'https://example.com/widget' },
    { type: 'paragraph', text: 'Closing paragraph, relative link.', marks: [{ kind: 'link', start: 19, end: 32, href: '/news/other-story' }] },
  ];

  for (const block of every) {
    it(`keeps a ${block.type}${'ordered' in block ? (block.ordered ? ' (ordered)' : ' (bulleted)') : ''} unchanged`, () => {
      assert.deepEqual(roundTrip([block]), [block]);
    });
  }

  it('keeps a whole body, in order, and every block is valid', () => {
    assert.deepEqual(roundTrip(every), every);
    for (const b of roundTrip(every)) assert.ok(blockSchema.safeParse(b).success, JSON.stringify(b));
  });

  it('maps blocks to the editor schema', () => {
    const d = blocksToDoc(every);
    assert.equal(d.type, 'doc');
    assert.deepEqual(
      d.content?.map((n) => n.type),
      ['paragraph', 'paragraph', 'heading', 'pullQuote', 'pullQuote', 'bulletList', 'orderedList', 'figureImage', 'figureImage', 'embed', 'embed', 'paragraph'],
    );
    assert.deepEqual(d.content?.[2], { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'What happens next' }] });
    assert.deepEqual(d.content?.[4]?.attrs, { attribution: null });
    assert.deepEqual(d.content?.[8]?.attrs, {
      src: 'https://cdn.example.com/x.png',
      alt: 'A chart',
      caption: null,
      credit: null,
      width: null,
      height: null,
      mediaId: null,
    });
    const list = d.content?.[6];
    assert.deepEqual(list?.content?.[0], { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'One' }] }] });
  });

  it('gives an empty body one empty paragraph, which comes back as no blocks', () => {
    assert.deepEqual(blocksToDoc([]), { type: 'doc', content: [{ type: 'paragraph' }] });
    assert.deepEqual(roundTrip([]), []);
  });
});

describe('marks', () => {
  it('splits overlapping marks into text nodes: strong across an em boundary', () => {
    const block: Block = {
      type: 'paragraph',
      text: 'abcdefgh',
      marks: [
        { kind: 'em', start: 0, end: 4 },
        { kind: 'strong', start: 2, end: 6 },
      ],
    };
    const d = blocksToDoc([block]);
    assert.deepEqual(d.content?.[0]?.content, [text('ab', italic), text('cd', italic, bold), text('ef', bold), text('gh')]);
    assert.deepEqual(docToBlocks(d), [block]);
  });

  it('keeps em nested inside a link as two ranges', () => {
    const block: Block = {
      type: 'paragraph',
      text: 'Read the full report here.',
      marks: [
        { kind: 'link', start: 5, end: 20, href: 'https://example.com/report' },
        { kind: 'em', start: 9, end: 13 },
      ],
    };
    const d = blocksToDoc([block]);
    const nodes = d.content?.[0]?.content ?? [];
    assert.equal(nodes.map((n) => n.text).join(''), block.text);
    assert.deepEqual(
      nodes.map((n) => n.marks?.map((m) => m.type) ?? []),
      [[], ['link'], ['italic', 'link'], ['link'], []],
    );
    assert.deepEqual(docToBlocks(d), [block]);
  });

  it('merges adjacent text nodes that share a mark into one range', () => {
    const d = doc(
      para(
        text('one ', bold),
        text('two ', bold, italic),
        text('three', bold),
        text(' and '),
        text('a', link('https://a.example/')),
        text('b', link('https://a.example/'), italic),
        text('c', link('https://b.example/')),
      ),
    );
    assert.deepEqual(docToBlocks(d), [
      {
        type: 'paragraph',
        text: 'one two three and abc',
        marks: [
          { kind: 'strong', start: 0, end: 13 },
          { kind: 'em', start: 4, end: 8 },
          { kind: 'link', start: 18, end: 20, href: 'https://a.example/' },
          { kind: 'em', start: 19, end: 20 },
          { kind: 'link', start: 20, end: 21, href: 'https://b.example/' },
        ],
      },
    ]);
  });

  it('sorts ranges by start, then em, strong, link, whatever order they came in', () => {
    const block: Block = {
      type: 'paragraph',
      text: 'all three marks',
      marks: [
        { kind: 'link', start: 0, end: 3, href: '/x' },
        { kind: 'strong', start: 0, end: 3 },
        { kind: 'em', start: 0, end: 3 },
      ],
    };
    assert.deepEqual(roundTrip([block])[0], {
      type: 'paragraph',
      text: 'all three marks',
      marks: [
        { kind: 'em', start: 0, end: 3 },
        { kind: 'strong', start: 0, end: 3 },
        { kind: 'link', start: 0, end: 3, href: '/x' },
      ],
    });
  });

  it('merges overlapping ranges of the same kind and drops empty or out-of-range ones', () => {
    const block: Block = {
      type: 'paragraph',
      text: 'abcdef',
      marks: [
        { kind: 'em', start: 0, end: 3 },
        { kind: 'em', start: 2, end: 5 },
        { kind: 'strong', start: 4, end: 4 },
        { kind: 'strong', start: 4, end: 99 },
      ],
    };
    assert.deepEqual(roundTrip([block]), [
      {
        type: 'paragraph',
        text: 'abcdef',
        marks: [
          { kind: 'em', start: 0, end: 5 },
          { kind: 'strong', start: 4, end: 6 },
        ],
      },
    ]);
  });

  it('omits the marks array when there are none', () => {
    const out = roundTrip([{ type: 'paragraph', text: 'plain', marks: [] }]);
    assert.deepEqual(out, [{ type: 'paragraph', text: 'plain' }]);
    assert.equal('marks' in out[0]!, false);
  });

  it('drops crosshead formatting: crossheads are plain text', () => {
    const d = doc({ type: 'heading', attrs: { level: 2 }, content: [text('Bold ', bold), text('head')] });
    assert.deepEqual(docToBlocks(d), [{ type: 'crosshead', text: 'Bold head' }]);
  });
});

describe('unicode ranges are UTF-16 code units', () => {
  it('keeps ranges over curly quotes, accents and emoji', () => {
    const t = '“Café” won’t close 🎉🎉 says Zoë';
    const emoji = t.indexOf('🎉');
    assert.equal(emoji, 19);
    const block: Block = {
      type: 'paragraph',
      text: t,
      marks: [
        { kind: 'em', start: 0, end: 6 },
        { kind: 'strong', start: emoji, end: emoji + 4 },
        { kind: 'link', start: t.indexOf('Zoë'), end: t.length, href: 'https://example.com/zoë' },
      ],
    };
    const d = blocksToDoc([block]);
    const nodes = d.content?.[0]?.content ?? [];
    assert.deepEqual(
      nodes.map((n) => n.text),
      ['“Café”', ' won’t close ', '🎉🎉', ' says ', 'Zoë'],
    );
    assert.deepEqual(docToBlocks(d), [block]);
  });

  it('never splits a surrogate pair, even when a range would', () => {
    const block: Block = { type: 'paragraph', text: 'a😀b', marks: [{ kind: 'strong', start: 0, end: 2 }] };
    const nodes = blocksToDoc([block]).content?.[0]?.content ?? [];
    assert.deepEqual(
      nodes.map((n) => n.text),
      ['a😀', 'b'],
    );
    assert.deepEqual(roundTrip([block]), [{ ...block, marks: [{ kind: 'strong', start: 0, end: 3 }] }]);
  });

  it('counts positions from text nodes the way the editor reports them', () => {
    const d = doc(para(text('👩‍👩‍👧 '), text('família', italic), text(' – ok')));
    assert.deepEqual(docToBlocks(d), [
      { type: 'paragraph', text: '👩‍👩‍👧 família – ok', marks: [{ kind: 'em', start: 9, end: 16 }] },
    ]);
  });
});

describe('empty content and breaks', () => {
  it('drops empty paragraphs (and whitespace-only ones)', () => {
    const d = doc(para(), para(text('kept')), para(), para(text('   ')), para({ type: 'hardBreak' }), para(text('also kept')));
    assert.deepEqual(docToBlocks(d), [
      { type: 'paragraph', text: 'kept' },
      { type: 'paragraph', text: 'also kept' },
    ]);
  });

  it('drops empty crossheads, quotes, list items, and lists with no items left', () => {
    const d = doc(
      { type: 'heading', attrs: { level: 2 } },
      { type: 'pullQuote', attrs: { attribution: 'Nobody' } },
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [para(text('one'))] },
          { type: 'listItem', content: [para()] },
          { type: 'listItem', content: [para(text('two'))] },
        ],
      },
      { type: 'orderedList', attrs: { start: 1 }, content: [{ type: 'listItem', content: [para()] }] },
    );
    assert.deepEqual(docToBlocks(d), [{ type: 'list', ordered: false, items: [{ text: 'one' }, { text: 'two' }] }]);
  });

  it('turns hard breaks into spaces, keeping later ranges aligned', () => {
    const d = doc(para(text('line one'), { type: 'hardBreak' }, text('line two', bold)));
    assert.deepEqual(docToBlocks(d), [
      { type: 'paragraph', text: 'line one line two', marks: [{ kind: 'strong', start: 9, end: 17 }] },
    ]);
  });

  it('keeps a bold run across a bold hard break as one range', () => {
    const d = doc(para(text('a', bold), { type: 'hardBreak', marks: [bold] }, text('b', bold)));
    assert.deepEqual(docToBlocks(d), [{ type: 'paragraph', text: 'a b', marks: [{ kind: 'strong', start: 0, end: 3 }] }]);
  });

  it('flattens list items with several paragraphs or nested lists', () => {
    const d = doc({
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          content: [
            para(text('first')),
            para(text('more', italic)),
            { type: 'bulletList', content: [{ type: 'listItem', content: [para(text('nested'))] }] },
          ],
        },
      ],
    });
    assert.deepEqual(docToBlocks(d), [
      {
        type: 'list',
        ordered: false,
        items: [{ text: 'first more', marks: [{ kind: 'em', start: 6, end: 10 }] }, { text: 'nested' }],
      },
    ]);
  });

  it('omits empty optional attributes of quotes, images and embeds', () => {
    const d = doc(
      { type: 'pullQuote', attrs: { attribution: '' }, content: [text('q')] },
      { type: 'figureImage', attrs: { src: '/i.jpg', alt: 'alt', caption: '', credit: null, width: null, height: 0, mediaId: '' } },
      { type: 'embed', attrs: { url: 'https://e.example/', provider: '', title: null } },
      { type: 'figureImage', attrs: { src: '', alt: 'no source' } },
    );
    assert.deepEqual(docToBlocks(d), [
      { type: 'blockquote', text: 'q' },
      { type: 'image', src: '/i.jpg', alt: 'alt' },
      { type: 'embed', url: 'https://e.example/' },
    ]);
  });

  it('keeps an image with empty alt so validation can name it', () => {
    const out = docToBlocks(doc({ type: 'figureImage', attrs: { src: '/i.jpg', alt: '' } }));
    assert.deepEqual(out, [{ type: 'image', src: '/i.jpg', alt: '' }]);
    assert.equal(blockSchema.safeParse(out[0]).success, false);
  });
});

describe('unsafe links', () => {
  it('drops unsafe hrefs from blocks on the way in', () => {
    const block: Block = {
      type: 'paragraph',
      text: 'click me now',
      marks: [
        { kind: 'link', start: 0, end: 5, href: 'javascript:alert(1)' },
        { kind: 'link', start: 6, end: 8, href: '//evil.example/' },
        { kind: 'strong', start: 9, end: 12 },
      ],
    };
    const nodes = blocksToDoc([block]).content?.[0]?.content ?? [];
    assert.ok(nodes.every((n) => !n.marks?.some((m) => m.type === 'link')));
    assert.deepEqual(roundTrip([block]), [{ type: 'paragraph', text: 'click me now', marks: [{ kind: 'strong', start: 9, end: 12 }] }]);
  });

  it('drops unsafe or missing hrefs from the editor document on the way out', () => {
    const d = doc(
      para(
        text('a', link('javascript:alert(1)')),
        text('b', link('data:text/html,<script>x</script>')),
        text('c', { type: 'link', attrs: {} }),
        text('d', link('  https://ok.example/  ')),
        text('e', link('mailto:desk@example.com')),
      ),
    );
    assert.deepEqual(docToBlocks(d), [
      {
        type: 'paragraph',
        text: 'abcde',
        marks: [
          { kind: 'link', start: 3, end: 4, href: 'https://ok.example/' },
          { kind: 'link', start: 4, end: 5, href: 'mailto:desk@example.com' },
        ],
      },
    ]);
  });

  it('never carries HTML: markup in text stays text', () => {
    const block: Block = { type: 'paragraph', text: '<b>not bold</b> & <script>alert(1)</script>' };
    const d = blocksToDoc([block]);
    assert.deepEqual(d.content?.[0]?.content, [{ type: 'text', text: block.text }]);
    assert.deepEqual(docToBlocks(d), [block]);
  });

  it('ignores marks it does not know', () => {
    const d = doc(para(text('x', { type: 'underline' }, { type: 'strike' }), text('y', { type: 'code' })));
    assert.deepEqual(docToBlocks(d), [{ type: 'paragraph', text: 'xy' }]);
  });
});
