import { blockText } from '../domain/article.js';
import type { WireParseResult } from '../wire/types.js';

/**
 * The JSON `dateline parse` prints: the article model with every text block's plain `text`
 * (lists too, items joined by newlines) and the parser's report. Scripts rely on these keys.
 */
export function presentParsed(file: string, { article, report }: WireParseResult): Record<string, unknown> {
  return {
    file,
    headline: article.headline,
    ...(article.standfirst !== undefined && { standfirst: article.standfirst }),
    dateline: article.dateline ? { text: article.dateline.text, city: article.dateline.city ?? null, country: article.dateline.country ?? null } : null,
    bylines: article.bylines.map((b) => ({ name: b.name, location: b.location ?? null, ...(b.role !== undefined && { role: b.role }) })),
    body: article.body.map((b) => ({ ...b, text: blockText(b) })),
    keyPoints: article.keyPoints,
    tags: article.tags,
    section: article.section ?? null,
    publishedAt: article.publishedAt,
    credit: article.credit ?? null,
    source: article.source ?? null,
    language: article.language,
    ...(article.wireId !== undefined && { wireId: article.wireId, wireVersion: article.wireVersion ?? null }),
    ...(article.embargoUntil !== undefined && { embargoUntil: article.embargoUntil }),
    report: { format: report.format, recognised: report.recognised, dropped: report.dropped, warnings: report.warnings },
  };
}
