/**
 * What a rendered page depends on, recorded where the data is read. A page render reads through a
 * store made for it (`Store.reading(deps)`), whose reads add tags such as `article:ID`,
 * `list:section:news`, `comments:ID` to `deps`; store writes announce the tags they change, and the
 * page cache drops exactly the pages that recorded them. Reads through any other store record nothing.
 *
 * The set is passed along explicitly, not through AsyncLocalStorage: on Node 20 an AsyncLocalStorage
 * in use installs promise hooks for the whole process, which cost a quarter of a cached page's time
 * and a sixth of a rendered one's (docs/adr/005-no-async-local-storage.md).
 *
 * Tags: article:ID (one article's content) · list:all (any list of published articles) ·
 * list:section:S · list:tag:T · list:author:USER · comments:ARTICLE · author:USER · settings ·
 * most-read (the Most read box)
 */
export type Dependencies = Set<string> | undefined;

/** Records tags into `deps`, when there is a page being rendered. */
export function dependsOn(deps: Dependencies, ...tags: string[]): void {
  if (deps) for (const t of tags) deps.add(t);
}

/** Where store writes announce what they changed. Listeners must not throw. */
export class ChangeFeed {
  private readonly listeners: ((tags: Set<string>) => void)[] = [];

  subscribe(listener: (tags: Set<string>) => void): void {
    this.listeners.push(listener);
  }

  emit(tags: Iterable<string>): void {
    const set = new Set(tags);
    if (set.size) for (const l of this.listeners) l(set);
  }
}

/** Holds a transaction's announcements until it commits; dropped if it rolls back. */
export class BufferedChangeFeed extends ChangeFeed {
  private readonly pending = new Set<string>();
  constructor(private readonly parent: ChangeFeed) {
    super();
  }
  override emit(tags: Iterable<string>): void {
    for (const t of tags) this.pending.add(t);
  }
  flush(): void {
    this.parent.emit(this.pending);
    this.pending.clear();
  }
}

/** The list tags an article appears under while it is published. */
export function listTagsOf(a: { section: string; tags: readonly string[]; bylines: readonly { authorId?: string | undefined }[] }): string[] {
  return [
    'list:all',
    `list:section:${a.section}`,
    ...a.tags.map((t) => `list:tag:${t}`),
    ...a.bylines.flatMap((b) => (b.authorId ? [`list:author:${b.authorId}`] : [])),
  ];
}
