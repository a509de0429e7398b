import cluster, { type Worker } from 'node:cluster';
import type { ChangeFeed } from '../store/dependencies.js';

/*
 * Several server processes on one machine (`dateline serve --workers N`), sharing the port and the
 * SQLite file (WAL lets them read at once; writes wait on each other through busy_timeout).
 *
 * Each process has its own page cache and in-memory boxes, so each must hear what the others
 * changed. A process relays every change it announces to the primary, which passes it to the
 * others and answers once they have all applied it. A request that changed something is answered
 * only after that, so a reader sent to any process right after sees the change.
 */

interface ChangesMessage {
  dateline: 'changes';
  id: number;
  tags: string[];
}
interface AppliedMessage {
  dateline: 'applied';
  id: number;
}
type RelayMessage = ChangesMessage | AppliedMessage;

function isRelayMessage(m: unknown): m is RelayMessage {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as { dateline?: unknown; id?: unknown; tags?: unknown };
  if (typeof r.id !== 'number') return false;
  return (r.dateline === 'changes' && Array.isArray(r.tags)) || r.dateline === 'applied';
}

/** How long a worker waits for the others to apply a change before answering anyway (a worker may be restarting). */
const APPLY_TIMEOUT_MS = 2000;

/** In a worker: relays the feed's changes to the other workers and applies theirs. */
export class ChangeRelay {
  private nextId = 1;
  private readonly pending = new Map<number, () => void>();
  private applying = false;

  constructor(feed: ChangeFeed) {
    feed.subscribe((tags) => {
      if (this.applying || !process.send) return;
      const id = this.nextId++;
      const message: ChangesMessage = { dateline: 'changes', id, tags: [...tags] };
      const done = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, APPLY_TIMEOUT_MS);
        this.pending.set(id, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      void done.then(() => this.pending.delete(id));
      process.send(message);
    });
    process.on('message', (m: unknown) => {
      if (!isRelayMessage(m)) return;
      if (m.dateline === 'applied') {
        this.pending.get(m.id)?.();
        return;
      }
      this.applying = true;
      try {
        feed.emit(m.tags);
      } finally {
        this.applying = false;
      }
      process.send?.({ dateline: 'applied', id: m.id } satisfies AppliedMessage);
    });
  }

  /** Resolves once every change relayed so far has been applied by the other workers. */
  async settled(): Promise<void> {
    if (!this.pending.size) return;
    await new Promise<void>((resolve) => {
      const check = () => (this.pending.size ? setImmediate(check) : resolve());
      check();
    });
  }
}

/**
 * In the primary: starts `count` workers (restarting any that dies unexpectedly) and passes each
 * worker's changes to the others, answering the sender once all have applied them.
 * Resolves with a function that stops every worker.
 */
export function startWorkers(count: number, env: (index: number) => Record<string, string>, log: (line: string) => void): () => Promise<void> {
  let stopping = false;
  const indexOf = new Map<Worker, number>();
  // Changes passed on, by the primary's own id: who sent it (and its id there), and who has still to apply it.
  let nextRelayId = 1;
  const waiting = new Map<number, { from: Worker; id: number; left: Set<Worker> }>();
  const applied = (relayId: number, by: Worker) => {
    const entry = waiting.get(relayId);
    if (!entry) return;
    entry.left.delete(by);
    if (entry.left.size) return;
    waiting.delete(relayId);
    if (entry.from.isConnected()) entry.from.send({ dateline: 'applied', id: entry.id } satisfies AppliedMessage);
  };

  const fork = (index: number) => {
    const worker = cluster.fork({ ...env(index), DATELINE_WORKER_INDEX: String(index) });
    indexOf.set(worker, index);
    worker.on('message', (m: unknown) => {
      if (!isRelayMessage(m)) return;
      if (m.dateline === 'applied') return applied(m.id, worker);
      const others = [...indexOf.keys()].filter((w) => w !== worker && w.isConnected());
      if (!others.length) return void worker.send({ dateline: 'applied', id: m.id } satisfies AppliedMessage);
      const relayId = nextRelayId++;
      waiting.set(relayId, { from: worker, id: m.id, left: new Set(others) });
      for (const w of others) w.send({ dateline: 'changes', id: relayId, tags: m.tags } satisfies ChangesMessage);
    });
    worker.on('exit', (code, signal) => {
      indexOf.delete(worker);
      // A worker gone does not hold up anyone's answer.
      for (const relayId of [...waiting.keys()]) applied(relayId, worker);
      if (stopping) return;
      log(`worker ${index} stopped (${signal ?? `exit code ${code}`}); starting another`);
      fork(index);
    });
  };
  for (let i = 0; i < count; i++) fork(i);

  return async () => {
    stopping = true;
    const workers = [...indexOf.keys()];
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            w.once('exit', () => resolve());
            w.process.kill('SIGTERM');
          }),
      ),
    );
  };
}

/** Which worker this process is (0 in a single-process server). */
export function workerIndex(): number {
  return cluster.isWorker ? Number(process.env.DATELINE_WORKER_INDEX ?? 0) : 0;
}
