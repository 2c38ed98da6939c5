/** At most `max` tasks at once; the others wait in order, and leave the queue when their signal aborts. */
export class Limiter {
  private running = 0;
  private readonly waiting: { start: () => void; signal?: AbortSignal }[] = [];

  constructor(private readonly max: number) {}

  async run<T>(signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
    // a waiter is handed its slot by next(); otherwise take one now
    if (this.running >= this.max) await this.turn(signal);
    else this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.next();
    }
  }

  private turn(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
      const entry = { start: resolve, signal };
      this.waiting.push(entry);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.waiting.indexOf(entry);
          if (i < 0) return;
          this.waiting.splice(i, 1);
          reject(signal.reason ?? new Error('aborted'));
        },
        { once: true },
      );
    });
  }

  private next(): void {
    while (this.waiting.length && this.running < this.max) {
      const w = this.waiting.shift()!;
      if (w.signal?.aborted) continue;
      this.running++;
      w.start();
    }
  }
}
