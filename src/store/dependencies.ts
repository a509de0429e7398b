import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a rendered page depends on, recorded where the data is read. A page render runs inside
 * `collectDependencies`; store reads call `dependsOn` with tags such as `article:ID`,
 * `list:section:news`, `comments:ID`; store writes announce the tags they change, and the page
 * cache drops exactly the pages that recorded them.
 *
 * Tags: article:ID (one article's content) · list:all (any list of published articles) ·
 * list:section:S · list:tag:T · list:author:USER · comments:ARTICLE · author:USER · settings ·
 * most-read (the Most read box)
 */
const current = new AsyncLocalStorage<Set<string>>();

export function dependsOn(...tags: string[]): void {
  const set = current.getStore();
  if (set) for (const t of tags) set.add(t);
}

export async function collectDependencies<T>(fn: () => Promise<T>): Promise<{ result: T; tags: Set<string> }> {
  const tags = new Set<string>();
  const result = await current.run(tags, fn);
  return { result, tags };
}

/** Runs `fn` without recording what it reads into the page being rendered (work whose result is kept apart). */
export function withoutDependencies<T>(fn: () => T): T {
  return current.exit(fn);
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
