/** The public URL path of an article: /section/slug. */
export const articlePath = (a: { section: string; slug: string }): string => `/${a.section}/${a.slug}`;
export const sectionPath = (slug: string, page = 1): string => (page > 1 ? `/${slug}?page=${page}` : `/${slug}`);
