export { articleEditSchema, type ArticleEdit } from '../../domain/article-edit.js';

const clean = (v: string | undefined): string => (v ?? '').trim();

/**
 * Builds the payload from form fields named as the edit page names them: headline, slug, standfirst,
 * section, tags (comma separated), dateline.text|city|country, bylines.N.name|location|role|authorId,
 * keyPoints (one per line), seo.title|description|image, body (JSON blocks), expectedRevision.
 * Returns unvalidated data: pass it through `articleEditSchema`.
 */
export function formToArticleEdit(entries: Iterable<[string, string]>): unknown {
  const f = new Map<string, string>();
  for (const [k, v] of entries) f.set(k, v);
  const bylineRows = new Map<number, Record<string, string>>();
  for (const [k, v] of f) {
    const m = /^bylines\.(\d+)\.(name|location|role|authorId)$/.exec(k);
    if (!m) continue;
    const row = bylineRows.get(Number(m[1])) ?? {};
    row[m[2]!] = v.trim();
    bylineRows.set(Number(m[1]), row);
  }
  const bylines = [...bylineRows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, r]) => r)
    .filter((r) => r.name)
    .map((r) => ({
      name: r.name!,
      ...(r.location && { location: r.location }),
      ...(r.role && { role: r.role }),
      ...(r.authorId && { authorId: r.authorId }),
    }));
  const datelineText = clean(f.get('dateline.text'));
  let body: unknown = [];
  try {
    body = JSON.parse(f.get('body') || '[]');
  } catch {
    body = 'not JSON';
  }
  return {
    expectedRevision: Number(f.get('expectedRevision')),
    headline: clean(f.get('headline')),
    slug: clean(f.get('slug')),
    standfirst: clean(f.get('standfirst')),
    section: clean(f.get('section')),
    tags: clean(f.get('tags'))
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
    dateline: datelineText
      ? {
          text: datelineText,
          ...(clean(f.get('dateline.city')) && { city: clean(f.get('dateline.city')) }),
          ...(clean(f.get('dateline.country')) && { country: clean(f.get('dateline.country')) }),
        }
      : null,
    bylines,
    body,
    keyPoints: (f.get('keyPoints') ?? '')
      .split('\n')
      .map((k) => k.trim())
      .filter(Boolean),
    seo: { title: clean(f.get('seo.title')), description: clean(f.get('seo.description')), image: clean(f.get('seo.image')) },
  };
}
