import type { AppContext } from '../context.js';
import { publishDue } from './edit-article.js';

/**
 * Publishes scheduled articles on time: checks once a second (an indexed query), and at start, so
 * articles that fell due while the server was down go live at once.
 */
export function startScheduler(ctx: AppContext, everyMs = 1000): { stop: () => void; tick: () => Promise<void> } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const published = await publishDue(ctx);
      for (const a of published) ctx.logger.info({ id: a.id, slug: a.slug }, 'published on schedule');
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
