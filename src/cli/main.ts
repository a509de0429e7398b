import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig, type ConfigOverrides } from '../config.js';
import { createContext, type AppContext } from '../context.js';
import { ARTICLE_STATUSES, type ArticleStatus } from '../domain/article.js';
import { AppError, isAppError } from '../domain/errors.js';
import { findSection } from '../domain/sections.js';
import { ingestWireFiles, redoWireFile, type IngestOutcome } from '../ops/ingest-wire.js';
import { createWireToken } from '../ops/wire-tokens.js';
import { toNinjs } from '../wire/ninjs-export.js';
import { articlePath } from '../web/site/paths.js';
import { expandInputs, readAhead } from './files.js';
import { readPassword } from './read-password.js';
import { createUser } from '../ops/people.js';
import { ROLES } from '../domain/policies.js';
import { presentParsed } from './present.js';

// Commands load what only they need (the web server, the scheduler) when they run: every command
// pays for what is imported here, and `import` is timed with its start included.

/** How many wire files `import` reads ahead of the one being written. */
const READ_AHEAD = 64;

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

function wholeNumber(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}, got "${value}".`);
    }
    return Number(value);
  };
}

async function withContext<T>(overrides: ConfigOverrides, run: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await createContext(loadConfig(overrides));
  try {
    return await run(ctx);
  } finally {
    await ctx.close();
  }
}

const program = new Command()
  .name('dateline')
  .description('Dateline: wire ingest, newsroom and public site')
  .option('--data <dir>', 'data folder (default: $DATELINE_DATA or ./data)')
  .showHelpAfterError();

const dataDir = (): ConfigOverrides => {
  const data = program.opts<{ data?: string }>().data;
  return data ? { dataDir: data } : {};
};

program
  .command('parse')
  .description('parse wire files and print each as one JSON line; stores nothing')
  .argument('<files...>', 'wire files')
  .action(async (inputs: string[]) => {
    const { parseWireItems } = await import('../wire/parse.js');
    let failed = 0;
    for (const file of inputs) {
      try {
        const bytes = await readFile(file);
        for (const item of parseWireItems(bytes, file)) out(JSON.stringify(presentParsed(file, item)));
      } catch (e) {
        failed++;
        err(`dateline parse: ${file}: ${describeError(e)}`);
      }
    }
    process.exitCode = failed ? 1 : 0;
  });

program
  .command('import')
  .description('store wire files as articles; prints status, URL path and headline per item, then a summary')
  .option('--publish', 'publish at once instead of leaving drafts on the wire desk')
  .option('--section <name>', 'put every article in this section')
  .argument('<inputs...>', 'files, folders or quoted globs ("inbox/**/*.xml")')
  .action(async (inputs: string[], opts: { publish?: boolean; section?: string }) => {
    const config = loadConfig(dataDir());
    const section = opts.section === undefined ? undefined : findSection(config.sections, opts.section);
    if (opts.section !== undefined && !section) {
      throw new AppError('invalid_input', `--section: "${opts.section}" is not a section; choose one of ${config.sections.map((s) => s.name).join(', ')}.`);
    }
    const { files, missing } = await expandInputs(inputs);
    const counts: Record<IngestOutcome, number> = { imported: 0, updated: 0, flagged: 0, skipped: 0, held: 0, failed: missing.length };
    for (const m of missing) err(`failed\t${m}\tno such file, folder or match`);
    await withContext(dataDir(), async (ctx) => {
      // With a progress bar on the terminal, the per-item lines wait until it is done.
      const cliProgress = files.length >= 20 && process.stderr.isTTY ? (await import('cli-progress')).default : undefined;
      const bar = cliProgress
        ? new cliProgress.SingleBar({ format: 'importing [{bar}] {value}/{total} files', stream: process.stderr }, cliProgress.Presets.shades_classic)
        : undefined;
      const held: [typeof out, string][] = [];
      const say = (print: typeof out, line: string) => (bar ? held.push([print, line]) : print(line));
      bar?.start(files.length, 0);
      const publish = opts.publish === true;
      const toTake = function* () {
        for (const { fileName, bytes } of readAhead(files, READ_AHEAD)) yield { bytes, fileName, source: 'cli', publish, section: section?.slug };
      };
      // Lines come once a file's batch has committed, so nothing printed can still be rolled back.
      // A folder is a long run of commits: the database's checkpoints run beside it (store.bulkWrites).
      await ctx.store.bulkWrites(() => ingestWireFiles(ctx, toTake(), (file, outcome) => {
        if ('error' in outcome) {
          counts.failed++;
          say(err, `failed\t${file.fileName}\t${describeError(outcome.error)}`);
        }
        for (const r of 'results' in outcome ? outcome.results : []) {
          counts[r.outcome]++;
          const status = r.outcome === 'imported' && r.article ? r.article.status : r.outcome;
          const where = r.article ? articlePath(r.article) : file.fileName;
          const line = [status, where, r.headline ?? '', ...(r.reason && r.outcome !== 'imported' ? [r.reason] : [])].join('\t');
          say(r.outcome === 'failed' ? err : out, line);
        }
        bar?.increment();
      }));
      bar?.stop();
      for (const [print, line] of held) print(line);
    });
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total > 1) err(Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', '));
    process.exitCode = counts.failed ? 1 : 0;
  });

program
  .command('serve')
  .description('serve the public site on http://localhost:PORT')
  .option('--port <n>', 'port to listen on (default: $PORT or 3000)', wholeNumber('--port', 0, 65535))
  .option('--drop <dir>', 'also watch this drop folder for wire files (default: $DATELINE_DROP_DIR)')
  .option('--workers <n>', 'server processes sharing the port (default: $DATELINE_WORKERS or 1)', wholeNumber('--workers', 1, 64))
  .action(async (opts: { port?: number; drop?: string; workers?: number }) => {
    const overrides: ConfigOverrides = { ...dataDir(), ...(opts.port !== undefined && { port: opts.port }) };
    const envWorkers = process.env.DATELINE_WORKERS;
    if (envWorkers !== undefined && !/^([1-9]|[1-5]\d|6[0-4])$/.test(envWorkers)) {
      throw new AppError('invalid_input', `DATELINE_WORKERS must be a whole number from 1 to 64, got "${envWorkers}".`);
    }
    const workers = opts.workers ?? Number(envWorkers ?? 1);
    const { serve } = await import('./serve.js');
    await serve(overrides, { workers, drop: opts.drop ?? process.env.DATELINE_DROP_DIR, out });
  });

const articles = program.command('articles').description('work with stored articles');
articles
  .command('list')
  .description('list articles, newest change first')
  .option('--status <status>', `only this status (${ARTICLE_STATUSES.join(', ')})`)
  .option('--limit <n>', 'at most this many', wholeNumber('--limit', 1, 100000), 50)
  .action(async (opts: { status?: string; limit: number }) => {
    if (opts.status !== undefined && !ARTICLE_STATUSES.includes(opts.status as ArticleStatus)) {
      throw new AppError('invalid_input', `--status: "${opts.status}" is not a status; choose one of ${ARTICLE_STATUSES.join(', ')}.`);
    }
    await withContext(dataDir(), async (ctx) => {
      const list = await ctx.store.articles.listAll({ limit: opts.limit, ...(opts.status && { status: opts.status as ArticleStatus }) });
      for (const a of list) out(`${a.status}\t${a.publishedAt ?? '-'}\t${articlePath(a)}\t${a.headline}`);
    });
  });

const users = program.command('users').description('newsroom accounts');
users
  .command('add')
  .description('add a person; the password is prompted for, or read from the first line of stdin')
  .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
  .option('--name <name>', 'their name as shown in bylines (default: from the e-mail)')
  .argument('<email>', 'their e-mail address, used to sign in')
  .action(async (email: string, opts: { role: string; name?: string }) => {
    if (!ROLES.includes(opts.role as (typeof ROLES)[number])) {
      throw new AppError('invalid_input', `--role: "${opts.role}" is not a role; choose one of ${ROLES.join(', ')}.`);
    }
    const password = await readPassword('Password (at least 10 characters): ');
    const name = opts.name ?? email.split('@')[0]!.replace(/[._-]+/g, ' ').replace(/\b\w/g, (ch) => ch.toUpperCase());
    await withContext(dataDir(), async (ctx) => {
      const user = await createUser(ctx, { email, name, role: opts.role, password });
      out(`added\t${user.role}\t${user.email}\t${user.name}`);
    });
  });
users
  .command('list')
  .description('list newsroom accounts')
  .action(async () => {
    await withContext(dataDir(), async (ctx) => {
      for (const u of await ctx.store.users.list()) out(`${u.role}\t${u.email}\t${u.name}${u.disabledAt ? '\tdisabled' : ''}`);
    });
  });

program
  .command('watch')
  .description('watch a drop folder: ingest each file that lands, then move it to .done/ or .failed/')
  .option('--publish', 'publish at once instead of leaving drafts on the wire desk')
  .option('--once', 'take what is there now and stop')
  .argument('<dir>', 'the drop folder')
  .action(async (dir: string, opts: { publish?: boolean; once?: boolean }) => {
    const ctx = await createContext(loadConfig(dataDir()));
    const { watchDropFolder } = await import('../ops/drop-folder.js');
    const watcher = watchDropFolder(ctx, dir, {
      publish: opts.publish === true,
      onFile: (file, results) => {
        for (const r of results) out([r.outcome === 'imported' && r.article ? r.article.status : r.outcome, file, r.headline ?? '', r.reason ?? ''].join('\t').trimEnd());
      },
    });
    if (opts.once) {
      watcher.stop();
      await new Promise((r) => setTimeout(r, 1100));
      await watcher.scan();
      await ctx.close();
      return;
    }
    err(`watching ${dir} (Ctrl-C to stop)`);
    process.once('SIGINT', () => {
      watcher.stop();
      void ctx.close().then(() => process.exit(0));
    });
  });

const wire = program.command('wire').description('what came in on the wire');
wire
  .command('list')
  .description('list wire items, newest first')
  .option('--status <status>', 'only this outcome: imported, updated, flagged, duplicate, older, held, failed')
  .option('--limit <n>', 'at most this many', wholeNumber('--limit', 1, 100000), 50)
  .action(async (opts: { status?: string; limit: number }) => {
    await withContext(dataDir(), async (ctx) => {
      for (const i of await ctx.store.wire.list({ limit: opts.limit, ...(opts.status && { status: opts.status }) })) {
        out([i.received_at, i.status, i.file_id, i.wire_id ?? '-', i.headline ?? '-', i.error ?? ''].join('\t').trimEnd());
      }
    });
  });
wire
  .command('redo')
  .description('take a stored wire file in again from its original bytes (after a parser fix, say)')
  .argument('<file-id>', 'the file id from `dateline wire list`')
  .option('--publish', 'publish what it makes')
  .action(async (fileId: string, opts: { publish?: boolean }) => {
    await withContext(dataDir(), async (ctx) => {
      for (const r of await redoWireFile(ctx, fileId, { publish: opts.publish === true })) {
        out([r.outcome === 'imported' && r.article ? r.article.status : r.outcome, r.article ? articlePath(r.article) : fileId, r.headline ?? '', r.reason ?? ''].join('\t').trimEnd());
      }
    });
  });

const tokens = program.command('tokens').description('agency push tokens for POST /api/wire/items');
tokens
  .command('add')
  .description('create a token for an agency; it is printed once')
  .argument('<name>', 'the agency, e.g. afp')
  .action(async (name: string) => {
    await withContext(dataDir(), async (ctx) => out(await createWireToken(ctx, name)));
  });
tokens
  .command('list')
  .description('list push tokens')
  .action(async () => {
    await withContext(dataDir(), async (ctx) => {
      for (const t of await ctx.store.wire.tokens()) out(`${t.name}\t${t.createdAt}${t.revokedAt ? `\trevoked ${t.revokedAt}` : ''}`);
    });
  });
tokens
  .command('revoke')
  .description('revoke an agency token')
  .argument('<name>', 'the agency')
  .action(async (name: string) => {
    await withContext(dataDir(), async (ctx) => {
      if (!(await ctx.store.wire.revokeToken(name, ctx.now().toISOString()))) throw new AppError('not_found', `No live token named "${name}".`);
      out(`revoked\t${name}`);
    });
  });

program
  .command('export')
  .description('print a stored article in an agency format')
  .requiredOption('--format <format>', 'ninjs (IPTC ninjs 3)')
  .argument('<article>', 'the article id, slug or URL path')
  .action(async (ref: string, opts: { format: string }) => {
    if (opts.format !== 'ninjs') throw new AppError('invalid_input', `--format: "${opts.format}" is not supported; use ninjs.`);
    await withContext(dataDir(), async (ctx) => {
      const slug = ref.split('/').filter(Boolean).pop() ?? ref;
      const article = (await ctx.store.articles.getById(ref)) ?? (await ctx.store.articles.getBySlug(slug));
      if (!article) throw new AppError('not_found', `No article with the id, slug or path "${ref}".`);
      out(JSON.stringify(toNinjs(article, { siteUrl: ctx.config.siteUrl }), null, 2));
    });
  });

function describeError(e: unknown): string {
  if (isAppError(e)) return e.message;
  if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('E')) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

program.parseAsync(process.argv).catch((e: unknown) => {
  err(`dateline: ${describeError(e)}`);
  if (!isAppError(e)) err(String(e instanceof Error ? e.stack : e));
  process.exit(isAppError(e) && e.code === 'invalid_input' ? 2 : 1);
});
