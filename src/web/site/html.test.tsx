import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { html as honoHtml } from 'hono/html';
import { html, raw } from './html.js';

const Item = (props: { text: string }) => <li title={props.text}>{props.text}</li>;

describe('html template', () => {
  it('writes what Hono’s tag writes, escaping every value', async () => {
    const hostile = `<script>alert("x")</script> & 'quoted'`;
    // Each case is a template's parts, as a tag receives them.
    const parts = (strings: TemplateStringsArray, ...values: unknown[]): [TemplateStringsArray, unknown[]] => [strings, values];
    const cases = [
      parts`<p>${hostile}</p>`,
      parts`<a href="${hostile}">${42} ${0} ${-1.5}</a>`,
      parts`<ul>${['a<b', html`<li>${hostile}</li>`, [[`deep & nested`, null], undefined, false, true]]}</ul>`,
      parts`${raw('<b>kept</b>')}${html`<i>${hostile}</i>`}`,
      parts`<ol>${[<Item text={hostile} />, <Item text="plain" />]}</ol>`,
      parts`${{ toString: () => '<obj>' }}`,
      parts`no values`,
    ];
    for (const [strings, values] of cases) {
      assert.equal(String(html(strings, ...values)), String(await honoHtml(strings, ...values)));
    }
    assert.equal(String(html`<p>${hostile}</p>`), '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;</p>');
  });

  it('marks its result as escaped, so an enclosing template keeps it as it is', () => {
    const inner = html`<em>${'a & b'}</em>`;
    assert.equal((inner as unknown as { isEscaped: boolean }).isEscaped, true);
    assert.equal(String(html`<p>${inner}</p>`), '<p><em>a &amp; b</em></p>');
  });

  it('hands a template holding a promise to Hono’s tag, which resolves it', async () => {
    const out = html`<p>${Promise.resolve('<late>')}</p>` as unknown;
    assert.ok(out instanceof Promise);
    assert.equal(String(await out), '<p>&lt;late&gt;</p>');
  });
});
