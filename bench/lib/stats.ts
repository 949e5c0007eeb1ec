/** The middle value (mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Nearest-rank percentile (0 < p ≤ 100) of values sorted ascending; NaN for none. */
export function percentileOfSorted(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

/**
 * Latencies in milliseconds, kept as floats: autocannon's own histogram rounds to whole
 * milliseconds, too coarse for the echo scenarios where a request takes one or two.
 */
export class LatencyRecorder {
  private values = new Float64Array(16_384);
  private count = 0;

  record(milliseconds: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = milliseconds;
  }

  get size(): number {
    return this.count;
  }

  percentiles(): { readonly p50: number; readonly p99: number } {
    const sorted = this.values.slice(0, this.count).sort();
    return { p50: percentileOfSorted(sorted, 50), p99: percentileOfSorted(sorted, 99) };
  }
}
