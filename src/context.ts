import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { FailureThrottle } from './ops/sessions.js';
import { openStore, type Store } from './store/index.js';

/** Everything a handler or an op needs, built once from the config. Handlers never build adapters. */
export interface AppContext {
  config: Config;
  store: Store;
  logger: Logger;
  /** Failed sign-ins: 5 per e-mail and 20 per address in 15 minutes. */
  signInThrottle: { byEmail: FailureThrottle; byIp: FailureThrottle };
  /** The current time; tests may pin it. */
  now: () => Date;
  close: () => Promise<void>;
}

export async function createContext(config: Config, opts: { now?: () => Date } = {}): Promise<AppContext> {
  const logger = pino({ level: config.logLevel, base: undefined });
  const store = await openStore(config.dataDir);
  return {
    config,
    store,
    logger,
    signInThrottle: { byEmail: new FailureThrottle(5, 15 * 60_000), byIp: new FailureThrottle(20, 15 * 60_000) },
    now: opts.now ?? (() => new Date()),
    close: () => store.close(),
  };
}
