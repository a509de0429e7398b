import { serve, type ServerType } from '@hono/node-server';
import type { AppContext } from '../context.js';
import { createApp } from './app.js';

/** Starts the HTTP server; resolves once it listens, with the bound port. */
export function startServer(ctx: AppContext): Promise<{ server: ServerType; port: number }> {
  const app = createApp(ctx);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: ctx.config.port, hostname: ctx.config.host }, (info) => {
      // With port 0 (tests, benchmarks) the default site URL can only name the port once it is bound.
      if (ctx.config.siteUrl.endsWith('://localhost:0')) ctx.config.siteUrl = `http://localhost:${info.port}`;
      resolve({ server, port: info.port });
    });
    server.once('error', reject);
  });
}
