import type { Article, Block } from './article.js';
import { bylineWithLocations } from './article.js';

function blockLine(b: Block): string {
  switch (b.type) {
    case 'paragraph':
      return b.text;
    case 'crosshead':
      return `## ${b.text}`;
    case 'blockquote':
      return `> ${b.text}${b.attribution ? ` (${b.attribution})` : ''}`;
    case 'list':
      return b.items.map((i, n) => `${b.ordered ? `${n + 1}.` : '-'} ${i.text}`).join('\n');
    case 'image':
      return `[image ${b.src}: ${b.alt}${b.caption ? ` | ${b.caption}` : ''}${b.credit ? ` | ${b.credit}` : ''}]`;
    case 'embed':
      return `[embed ${b.url}${b.title ? `: ${b.title}` : ''}]`;
  }
}

/** The article as labelled plain text, one field or block a paragraph: what revision comparison diffs. */
export function articleAsText(a: Pick<Article, 'headline' | 'standfirst' | 'dateline' | 'bylines' | 'section' | 'tags' | 'body' | 'keyPoints'>): string {
  return [
    `Headline: ${a.headline}`,
    `Standfirst: ${a.standfirst ?? ''}`,
    `Dateline: ${a.dateline?.text ?? ''}`,
    `Bylines: ${bylineWithLocations(a.bylines)}`,
    `Section: ${a.section}; tags: ${a.tags.join(', ')}`,
    '',
    ...a.body.map(blockLine),
    '',
    'At a glance:',
    ...a.keyPoints.map((k) => `- ${k}`),
  ].join('\n\n');
}
