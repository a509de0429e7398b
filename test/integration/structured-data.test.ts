import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { createArticle } from '../../src/ops/create-article.js';
import type { Actor } from '../../src/domain/policies.js';
import { createUser } from '../../src/ops/people.js';
import { updateSiteSettings } from '../../src/ops/site-settings.js';
import { siteXAccount } from '../../src/web/site/share-links.js';
import { articleInput, runCli, SEED_HEADLINE, SEED_PATH, seedMissing, seedPath, startTestServer, tempDataDir, type TestServer } from '../helpers.js';


const article = (input: Parameters<typeof articleInput>[0]) => articleInput({ publishedAt: '2026-03-01T09:00:00.000Z', ...input });

describe('structured data, social cards and share links on article pages', { skip: seedMissing }, () => {
  const data = tempDataDir();
  let server: TestServer;

  before(async () => {
    const imported = await runCli(['--data', data.dir, 'import', '--publish', seedPath]);
    assert.equal(imported.code, 0, imported.stderr);
    server = await startTestServer(data.dir);
  });
  after(async () => {
    await server?.stop();
    data.remove();
  });

  const page = async (path: string) => {
    const res = await fetch(server.url + path);
    assert.equal(res.status, 200, `GET ${path}`);
    const html = await res.text();
    return { html, document: parseHTML(html).document };
  };
  const jsonLd = (document: Document): Record<string, unknown> => {
    const scripts = [...document.querySelectorAll('script[type="application/ld+json"]')];
    assert.equal(scripts.length, 1, 'one JSON-LD block');
    return JSON.parse(scripts[0]!.textContent ?? '') as Record<string, unknown>;
  };
  const meta = (document: Document, key: string) =>
    document.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute('content') ?? undefined;
  const canonical = (path: string) => server.ctx.config.siteUrl + path;

  it('describes the seed article as a schema.org NewsArticle', async () => {
    const { document } = await page(SEED_PATH);
    const ld = jsonLd(document);
    assert.equal(ld['@context'], 'https://schema.org');
    assert.equal(ld['@type'], 'NewsArticle');
    assert.equal(ld.headline, SEED_HEADLINE);
    assert.equal(ld.datePublished, '2015-05-13T12:00:00.000Z');
    assert.match(String(ld.dateModified), /^\d{4}-\d{2}-\d{2}T/);
    assert.deepEqual(ld.mainEntityOfPage, { '@type': 'WebPage', '@id': canonical(SEED_PATH) });
    assert.equal(ld.articleSection, 'News');
    assert.equal(ld.inLanguage, 'en');
    assert.deepEqual(ld.author, [
      { '@type': 'Person', name: 'Jo Biddle' },
      { '@type': 'Person', name: 'Anna Smolchenko' },
    ]);
    assert.deepEqual(ld.publisher, { '@type': 'Organization', name: 'Dateline', url: canonical('/') }, 'no logo while the site has none');
    assert.equal(ld.image, undefined);
    assert.equal(ld.keywords, undefined);
  });

  it('gives the seed dateline as text and as the place the story was written', async () => {
    const ld = jsonLd((await page(SEED_PATH)).document);
    assert.equal(ld.dateline, 'SOCHI, RUSSIA');
    assert.deepEqual(ld.locationCreated, {
      '@type': 'Place',
      name: 'SOCHI, RUSSIA',
      address: { '@type': 'PostalAddress', addressLocality: 'Sochi', addressCountry: 'Russia' },
    });
  });

  it('links a staff byline to the author page and lists tags as keywords', async () => {
    const writer = await createUser(server.ctx, { email: 'mira@example.org', name: 'Mira Desk', role: 'writer', password: 'correct horse battery' });
    const a = await createArticle(server.ctx, article({ headline: 'Harbour reopens', tags: ['Harbour', 'Shipping'], bylines: [{ name: 'Mira Desk', authorId: writer.id }, { name: 'Wire Reporter' }] }));
    const ld = jsonLd((await page(`/news/${a.slug}`)).document);
    assert.deepEqual(ld.author, [
      { '@type': 'Person', name: 'Mira Desk', url: canonical(`/authors/${writer.slug}`) },
      { '@type': 'Person', name: 'Wire Reporter' },
    ]);
    assert.deepEqual(ld.keywords, ['Harbour', 'Shipping']);
  });

  it('keeps a headline containing </script> inside the JSON-LD block', async () => {
    const headline = 'Breaking </script><script>alert("x")</script> <!-- news & views';
    const a = await createArticle(server.ctx, article({ headline }));
    const { html, document } = await page(`/news/${a.slug}`);
    const start = html.indexOf('<script type="application/ld+json">');
    const body = html.slice(start, html.indexOf('</script>', start));
    assert.ok(!/[<>&]/.test(body.slice(body.indexOf('>') + 1)), 'no <, > or & inside the block');
    assert.equal(document.querySelectorAll('script').length, 1, 'the headline opened no script of its own');
    assert.equal(jsonLd(document).headline, headline);
  });

  it('has Open Graph and a summary card for an article without a picture', async () => {
    const { document } = await page(SEED_PATH);
    assert.equal(meta(document, 'og:type'), 'article');
    assert.equal(meta(document, 'og:title'), SEED_HEADLINE);
    assert.equal(meta(document, 'og:url'), canonical(SEED_PATH));
    assert.equal(meta(document, 'twitter:card'), 'summary');
    assert.equal(meta(document, 'twitter:site'), '@dateline');
    assert.equal(meta(document, 'og:image'), undefined);
  });

  it('has a large picture card, og:image and a JSON-LD image for an article with a picture, all absolute', async () => {
    const a = await createArticle(
      server.ctx,
      article({
        headline: 'Storm over the bay',
        body: [
          { type: 'paragraph', text: 'Waves rose.' },
          { type: 'image', src: '/static/storm.png', alt: 'Waves over the sea wall', width: 1600, height: 900 },
          { type: 'image', src: 'https://img.example.org/second.jpg', alt: 'Second picture' },
        ],
      }),
    );
    const { document } = await page(`/news/${a.slug}`);
    assert.equal(meta(document, 'twitter:card'), 'summary_large_image');
    assert.equal(meta(document, 'og:image'), canonical('/static/storm.png'));
    assert.equal(meta(document, 'og:image:type'), 'image/png');
    assert.equal(meta(document, 'og:image:width'), '1600');
    assert.equal(meta(document, 'og:image:alt'), 'Waves over the sea wall');
    assert.equal(meta(document, 'twitter:image'), canonical('/static/storm.png'));
    assert.deepEqual(jsonLd(document).image, [{ '@type': 'ImageObject', url: canonical('/static/storm.png'), width: 1600, height: 900 }]);
  });

  it('uses the SEO title, description and image when the newsroom set them', async () => {
    const a = await createArticle(server.ctx, article({ headline: 'Long newsroom headline about the council budget' }));
    const stored = (await server.ctx.store.articles.getById(a.id))!;
    await server.ctx.store.articles.update(
      { ...stored, seo: { title: 'Council budget explained', description: 'What the budget means for you.', image: 'https://img.example.org/budget.jpg' } },
      stored.revision,
    );
    const { document } = await page(`/news/${a.slug}`);
    assert.equal(document.querySelector('title')?.textContent, 'Council budget explained | Dateline');
    assert.equal(meta(document, 'description'), 'What the budget means for you.');
    assert.equal(meta(document, 'og:title'), 'Council budget explained');
    assert.equal(meta(document, 'twitter:title'), 'Council budget explained');
    assert.equal(meta(document, 'og:description'), 'What the budget means for you.');
    assert.equal(meta(document, 'og:image'), 'https://img.example.org/budget.jpg');
    assert.equal(meta(document, 'twitter:card'), 'summary_large_image');
    assert.equal(jsonLd(document).headline, 'Long newsroom headline about the council budget');
  });

  it('offers plain share links carrying the headline and the canonical URL, X first', async () => {
    const { document } = await page(SEED_PATH);
    const links = [...document.querySelectorAll('aside.share a')];
    assert.equal(links[0]?.getAttribute('class'), 'share-x');
    assert.match(document.querySelector('aside.share')?.textContent ?? '', /Twitter/);
    const url = canonical(SEED_PATH);
    const hrefs = Object.fromEntries(links.map((a) => [a.getAttribute('class'), a.getAttribute('href') ?? '']));

    const x = new URL(hrefs['share-x']!);
    assert.equal(x.origin + x.pathname, 'https://x.com/intent/tweet');
    assert.equal(x.searchParams.get('text'), SEED_HEADLINE);
    assert.equal(x.searchParams.get('url'), url);
    assert.equal(x.searchParams.get('via'), 'dateline');

    const facebook = new URL(hrefs['share-facebook']!);
    assert.equal(facebook.origin + facebook.pathname, 'https://www.facebook.com/sharer/sharer.php');
    assert.equal(facebook.searchParams.get('u'), url);

    const linkedin = new URL(hrefs['share-linkedin']!);
    assert.equal(linkedin.origin + linkedin.pathname, 'https://www.linkedin.com/sharing/share-offsite/');
    assert.equal(linkedin.searchParams.get('url'), url);

    const mail = hrefs['share-email']!;
    assert.match(mail, /^mailto:\?subject=/);
    assert.ok(!mail.includes('+'), 'spaces are %20 in a mailto link');
    const query = new URLSearchParams(mail.slice('mailto:?'.length).replace(/\+/g, '%2B'));
    assert.equal(query.get('subject'), SEED_HEADLINE);
    assert.equal(query.get('body'), `${SEED_HEADLINE}\r\n\r\n${url}`);

    assert.equal(hrefs['share-copy'], url);
    assert.equal(document.querySelector('a.share-copy')?.textContent, 'Copy link');
  });

  it('reads the site X account from the settings the newsroom keeps', async () => {
    assert.equal(await siteXAccount(server.ctx), 'dateline');
    const admin: Actor = { id: 'admin', role: 'admin' };
    await updateSiteSettings(server.ctx, admin, { twitterHandle: '@newsdesk' });
    assert.equal(await siteXAccount(server.ctx), 'newsdesk');
  });
});
