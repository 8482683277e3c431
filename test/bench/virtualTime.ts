// A discrete-event clock for the benchmarks: while installed, setTimeout/clearTimeout schedule
// on a virtual timeline instead of the real one, so minutes of typing replay in seconds and
// every run gives the same figures. Promise continuations still run for real: after each timer
// fires, the microtask queue is drained (one real setImmediate turn) before the next one, so
// async code (the engine, async generators) sees the same ordering it would in real time.

type Callback = (...args: unknown[]) => void;

/** What setTimeout returns while the virtual clock is installed. */
export class VirtualTimer {
  cancelled = false;
  constructor(
    readonly at: number,
    readonly seq: number,
    readonly callback: Callback,
    readonly args: unknown[],
  ) {}
  // The Node Timeout surface some code calls; a virtual timer never keeps a process alive.
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  hasRef(): boolean {
    return false;
  }
  [Symbol.toPrimitive](): number {
    return this.seq;
  }
}

export class VirtualTime {
  private current = 0;
  private seq = 0;
  private readonly heap: VirtualTimer[] = [];
  private saved: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout } | undefined;

  /** Milliseconds since the replay started, on the virtual timeline. */
  readonly now = (): number => this.current;

  get pendingTimers(): number {
    return this.heap.filter((timer) => !timer.cancelled).length;
  }

  /** Routes the global setTimeout/clearTimeout to this clock until uninstall(). */
  install(): void {
    if (this.saved) return;
    this.saved = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
    const schedule = (callback: Callback, ms?: number, ...args: unknown[]) => this.schedule(ms ?? 0, callback, ...args);
    const cancel = (timer: unknown) => this.cancel(timer);
    globalThis.setTimeout = schedule as unknown as typeof setTimeout;
    globalThis.clearTimeout = cancel as unknown as typeof clearTimeout;
  }

  uninstall(): void {
    if (!this.saved) return;
    globalThis.setTimeout = this.saved.setTimeout;
    globalThis.clearTimeout = this.saved.clearTimeout;
    this.saved = undefined;
  }

  schedule(ms: number, callback: Callback, ...args: unknown[]): VirtualTimer {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer = new VirtualTimer(this.current + delay, this.seq++, callback, args);
    this.push(timer);
    return timer;
  }

  cancel(timer: unknown): void {
    if (timer instanceof VirtualTimer) timer.cancelled = true;
  }

  /**
   * Fires timers in time order (ties in scheduling order) until none is left or `stop()` says
   * so; settles all promise work after each one.
   */
  async run(stop: () => boolean = () => false): Promise<void> {
    await settle();
    while (!stop()) {
      const timer = this.pop();
      if (!timer) break;
      if (timer.cancelled) continue;
      this.current = Math.max(this.current, timer.at);
      timer.callback(...timer.args);
      await settle();
    }
  }

  private push(timer: VirtualTimer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!earlier(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private pop(): VirtualTimer | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop() as VirtualTimer;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && earlier(heap[left], heap[smallest])) smallest = left;
        if (right < heap.length && earlier(heap[right], heap[smallest])) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    return top;
  }
}

function earlier(a: VirtualTimer, b: VirtualTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** One real event-loop turn: every pending promise continuation has run when it resolves. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
