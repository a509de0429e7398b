import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlToBlocks } from './html-blocks.js';

describe('htmlToBlocks', () => {
  it('turns paragraphs into paragraph blocks, keeping quotes and apostrophes as given', () => {
    const { blocks } = htmlToBlocks('<p>It’s “fine”, she said.</p><p>Second   one.</p>');
    assert.deepEqual(blocks, [
      { type: 'paragraph', text: 'It’s “fine”, she said.' },
      { type: 'paragraph', text: 'Second one.' },
    ]);
  });

  it('keeps emphasis, strong and links as marks over the plain text', () => {
    const { blocks } = htmlToBlocks('<p> The <em>new</em> <b>bridge</b> <a href="https://example.org/b">opened</a>.</p>');
    assert.deepEqual(blocks, [
      {
        type: 'paragraph',
        text: 'The new bridge opened.',
        marks: [
          { kind: 'em', start: 4, end: 7 },
          { kind: 'strong', start: 8, end: 14 },
          { kind: 'link', start: 15, end: 21, href: 'https://example.org/b' },
        ],
      },
    ]);
  });

  it('drops unsafe links but keeps their text', () => {
    const { blocks } = htmlToBlocks('<p><a href="javascript:alert(1)">Click</a> here</p>');
    assert.deepEqual(blocks, [{ type: 'paragraph', text: 'Click here' }]);
  });

  it('turns headings and AFP dash crossheads into crossheads', () => {
    const { blocks } = htmlToBlocks("<h2>Traffic returns</h2><p>-'Urgent need'-</p><p>- Calm again -</p>");
    assert.deepEqual(blocks, [
      { type: 'crosshead', text: 'Traffic returns' },
      { type: 'crosshead', text: 'Urgent need' },
      { type: 'crosshead', text: 'Calm again' },
    ]);
  });

  it('reads block quotes with their attribution, lists and figures', () => {
    const { blocks, warnings } = htmlToBlocks(
      '<blockquote><p>We are relieved.</p><footer>— Mia Stone, shopkeeper</footer></blockquote>' +
        '<ul><li>One</li><li>Two</li></ul>' +
        '<figure><img src="https://example.org/a.jpg" alt="A bridge"><figcaption>The bridge <small>Photo: Ada Moss</small></figcaption></figure>' +
        '<img src="/media/b.jpg">',
    );
    assert.deepEqual(blocks, [
      { type: 'blockquote', text: 'We are relieved.', attribution: 'Mia Stone, shopkeeper' },
      { type: 'list', ordered: false, items: [{ text: 'One' }, { text: 'Two' }] },
      { type: 'image', src: 'https://example.org/a.jpg', alt: 'A bridge', caption: 'The bridge', credit: 'Photo: Ada Moss' },
      { type: 'image', src: '/media/b.jpg', alt: 'Image' },
    ]);
    assert.equal(warnings.length, 1);
  });

  it('wraps loose text between blocks into paragraphs and skips scripts', () => {
    const { blocks } = htmlToBlocks('Loose <i>words</i><script>alert(1)</script><div><p>Inside</p></div>tail');
    assert.deepEqual(blocks, [
      { type: 'paragraph', text: 'Loose words', marks: [{ kind: 'em', start: 6, end: 11 }] },
      { type: 'paragraph', text: 'Inside' },
      { type: 'paragraph', text: 'tail' },
    ]);
  });
});
