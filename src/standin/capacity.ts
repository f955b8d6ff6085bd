/**
 * The stand-in's capacity: at most `limit` calls are served at once, as a real endpoint's batch slots.
 * A call beyond it waits its turn (first come, first served) or, with `reject`, is refused (the
 * server answers 429), as an endpoint that sheds load does.
 */
export interface CapacityOptions {
  /** Calls served at once; undefined = unlimited. */
  limit?: number;
  /** @default 'queue' */
  overLimit?: 'queue' | 'reject';
}

export class Capacity {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: CapacityOptions = {}) {
    if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1)) {
      throw new RangeError(`stand-in capacity must be a whole number of calls of at least 1, got ${options.limit}`);
    }
  }

  /** Calls being served now. */
  get inService(): number {
    return this.active;
  }

  /**
   * A slot for one call, resolved when the call may be served; its release function must be called
   * once when the call ends. Undefined when the limit is reached and calls over it are rejected.
   */
  acquire(): Promise<() => void> | undefined {
    const { limit, overLimit = 'queue' } = this.options;
    if (limit === undefined || this.active < limit) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    if (overLimit === 'reject') return undefined;
    return new Promise((resolve) => this.waiting.push(() => resolve(this.releaser())));
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next caller in line, so `active` stays the same.
      if (next) next();
      else this.active -= 1;
    };
  }
}
