import type { AppContext } from '../context.js';
import { publishDue } from './edit-article.js';
import { releaseEmbargoed } from './ingest-wire.js';

/**
 * Publishes scheduled articles and releases embargoed wire items on time: checks once a second (two
 * indexed queries), and at start, so what fell due while the server was down goes out at once.
 */
export function startScheduler(ctx: AppContext, everyMs = 1000): { stop: () => void; tick: () => Promise<void> } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const published = await publishDue(ctx);
      for (const a of published) ctx.logger.info({ id: a.id, slug: a.slug }, 'published on schedule');
      for (const a of await releaseEmbargoed(ctx)) ctx.logger.info({ id: a.id, slug: a.slug }, 'wire item released from embargo');
    } catch (err) {
      ctx.logger.error({ err }, 'scheduled publishing failed');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), tick };
}
