/** A window into a list ordered newest first. */
export interface PageRequest {
  readonly limit: number;
  readonly offset: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** The exact number of items in the whole list. */
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}
