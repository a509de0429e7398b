import cluster from 'node:cluster';
import { loadConfig, type ConfigOverrides } from '../config.js';
import { createContext } from '../context.js';
import { ChangeRelay, startWorkers, workerIndex } from '../web/cluster.js';

export interface ServeOptions {
  /** Server processes sharing the port; 1 serves from this process. */
  workers: number;
  /** A drop folder to watch (by one process only). */
  drop: string | undefined;
  /** Prints a line for the operator. */
  out: (line: string) => void;
}

/**
 * `dateline serve`: the site and newsroom, in this process or in several worker processes.
 * With workers, the primary migrates the database and loads demo content once, then starts them;
 * the first worker also runs the scheduler and the drop folder, so each job runs once.
 */
export async function serve(overrides: ConfigOverrides, opts: ServeOptions): Promise<void> {
  if (opts.workers > 1 && cluster.isPrimary) return servePrimary(overrides, opts);
  const [{ watchDropFolder }, { loadDemoContent }, { startScheduler }, { startServer }] = await Promise.all([
    import('../ops/drop-folder.js'),
    import('../ops/load-demo-content.js'),
    import('../ops/scheduler.js'),
    import('../web/server.js'),
  ]);
  const ctx = await createContext(loadConfig(overrides));
  const first = workerIndex() === 0;
  if (cluster.isWorker) ctx.changeRelay = new ChangeRelay(ctx.store.changes);
  const drop = first && opts.drop ? watchDropFolder(ctx, opts.drop) : undefined;
  if (drop) ctx.logger.info(`watching the drop folder ${opts.drop}`);
  if (cluster.isPrimary) {
    const added = await loadDemoContent(ctx);
    if (added) ctx.logger.info(`loaded ${added} demo articles`);
  }
  const scheduler = first ? startScheduler(ctx) : undefined;
  const { server, port } = await startServer(ctx);
  if (first) {
    const how = cluster.isWorker ? ` in ${opts.workers} processes` : '';
    ctx.logger.info(`Dateline is serving ${ctx.config.siteName} on http://localhost:${port}${how} (data: ${ctx.config.dataDir})`);
    if (ctx.config.logLevel === 'silent') opts.out(`listening on http://localhost:${port}`);
  }
  const stop = () => {
    drop?.stop();
    scheduler?.stop();
    server.close();
    void ctx.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function servePrimary(overrides: ConfigOverrides, opts: ServeOptions): Promise<void> {
  const { loadDemoContent } = await import('../ops/load-demo-content.js');
  // Migrations and demo content run once, here, before any worker opens the database.
  const ctx = await createContext(loadConfig(overrides));
  const added = await loadDemoContent(ctx);
  if (added) ctx.logger.info(`loaded ${added} demo articles`);
  const logger = ctx.logger;
  await ctx.close();
  const stopAll = startWorkers(opts.workers, () => ({}), (line) => logger.warn(line));
  const stop = () => void stopAll().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
