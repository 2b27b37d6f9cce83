// The streaming connections of one client to one server (see `http1.ts`): at most `max` open,
// idle ones reused (keep-alive), requests waiting for a free one when all are busy, and a
// connection the server closed while idle dropped. Sized to the load by `OpenAIClient.sizePool`.
import { type Endpoint, Http1Connection } from './http1.js';

/** The streaming connections to one server, at most `max` open; requests wait for a free one. */
export class ConnectionPool {
  readonly #endpoint: Endpoint;
  readonly #now: () => number;
  #max = 16;
  #open = 0;
  readonly #idle: Http1Connection[] = [];
  readonly #waiting: ((c: Http1Connection) => void)[] = [];
  /** Reads of connections already closed (live ones count their own). */
  #closedReads = 0;
  readonly #all = new Set<Http1Connection>();

  constructor(endpoint: Endpoint, now: () => number) {
    this.#endpoint = endpoint;
    this.#now = now;
  }

  get reads(): number {
    let n = this.#closedReads;
    for (const c of this.#all) n += c.reads;
    return n;
  }

  resize(max: number): void {
    this.#max = Math.max(1, max);
    while (this.#open > this.#max && this.#idle.length > 0) this.#drop(this.#idle.pop()!);
  }

  /** A free connection, opening one when fewer than `max` are open, else the next one freed. */
  acquire(): Http1Connection | Promise<Http1Connection> {
    for (let c = this.#idle.pop(); c !== undefined; c = this.#idle.pop()) {
      if (c.alive) return c;
      this.#drop(c);
    }
    if (this.#open < this.#max) return this.#connect();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Hands a connection back after its response ended or failed (a dead one is dropped). */
  release(c: Http1Connection): void {
    if (!c.alive || c.busy || this.#open > this.#max) {
      if (c.alive) c.destroy();
      this.#drop(c);
      const next = this.#waiting.shift();
      if (next !== undefined) next(this.#connect());
      return;
    }
    const next = this.#waiting.shift();
    if (next !== undefined) next(c);
    else this.#idle.push(c);
  }

  close(): void {
    for (const c of this.#all) c.destroy();
    for (const c of [...this.#all]) this.#drop(c);
    this.#idle.length = 0;
  }

  #connect(): Http1Connection {
    const c = new Http1Connection(this.#endpoint, this.#now);
    this.#open++;
    this.#all.add(c);
    c.onIdleClose(() => {
      const i = this.#idle.indexOf(c);
      if (i !== -1) this.#idle.splice(i, 1);
      this.#drop(c);
    });
    return c;
  }

  #drop(c: Http1Connection): void {
    if (!this.#all.delete(c)) return;
    this.#open--;
    this.#closedReads += c.reads;
  }
}
