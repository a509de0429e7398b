/** A section of the site: the seed's menu is News | Politics | Features | Arts | Entertainment | Society | Sport. */
export interface Section {
  slug: string;
  name: string;
}

export const DEFAULT_SECTIONS: readonly Section[] = [
  { slug: 'news', name: 'News' },
  { slug: 'politics', name: 'Politics' },
  { slug: 'features', name: 'Features' },
  { slug: 'arts', name: 'Arts' },
  { slug: 'entertainment', name: 'Entertainment' },
  { slug: 'society', name: 'Society' },
  { slug: 'sport', name: 'Sport' },
];

/** Finds a section by slug or by name, case-insensitively. */
export function findSection(sections: readonly Section[], nameOrSlug: string): Section | undefined {
  const key = nameOrSlug.trim().toLowerCase();
  return sections.find((s) => s.slug === key || s.name.toLowerCase() === key);
}
