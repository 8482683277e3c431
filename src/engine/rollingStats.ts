// A small ring buffer of recent numbers with a median: typing gaps, request latencies.

export class RollingWindow {
  private readonly values: number[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  push(value: number): void {
    if (this.values.length < this.capacity) this.values.push(value);
    else this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
  }

  get count(): number {
    return this.values.length;
  }

  /** The given quantile (0..1) of the recent values, or undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.values.length === 0) return undefined;
    const sorted = [...this.values].sort((a, b) => a - b);
    const index = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
    return sorted[index];
  }

  median(): number | undefined {
    return this.quantile(0.5);
  }

  clear(): void {
    this.values.length = 0;
    this.next = 0;
  }
}
