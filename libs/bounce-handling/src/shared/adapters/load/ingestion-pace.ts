import { performance } from 'node:perf_hooks';

/** The window over which the pace is reckoned, and the slices it is kept in. */
const WINDOW_MS = 1_000;
const SLICE_MS = 100;

/**
 * How many reports this process ingested over the last second: ingestion tells it of each batch
 * (`add`), and what runs beside ingestion on the same cores — the outbound delivery worker —
 * reads it to yield when ingestion is busy. Kept in ten slices of 100 ms; `now` in milliseconds.
 */
export class IngestionPace {
  private readonly counts = new Array<number>(WINDOW_MS / SLICE_MS).fill(0);
  private slice = 0;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.slice = this.sliceAt(this.now());
  }

  add(reports: number): void {
    this.advance();
    this.counts[this.slice % this.counts.length] += reports;
  }

  /** Reports ingested over the last second (the current slice included). */
  perSecond(): number {
    this.advance();
    return this.counts.reduce((sum, count) => sum + count, 0);
  }

  /** Empties the slices that ended since the last call. */
  private advance(): void {
    const current = this.sliceAt(this.now());
    for (let slice = this.slice + 1; slice <= current && slice - this.slice <= this.counts.length; slice += 1) this.counts[slice % this.counts.length] = 0;
    this.slice = Math.max(this.slice, current);
  }

  private sliceAt(ms: number): number {
    return Math.floor(ms / SLICE_MS);
  }
}
