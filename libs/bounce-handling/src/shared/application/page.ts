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

/**
 * The sort key of the last item a keyset page showed: the next page starts after it. Its values
 * are the list's own sort columns, in order (for the bounces, `created_at` then `id`).
 */
export type KeysetPosition = readonly (string | number)[];

/**
 * A window into a list, either by offset (the spec's paging) or after a keyset position (deep
 * pages, whose cost does not grow with their depth). Never both.
 */
export type KeysetPageRequest =
  | { readonly limit: number; readonly offset: number; readonly after?: undefined }
  | { readonly limit: number; readonly offset?: undefined; readonly after: KeysetPosition };

export interface KeysetPage<T> {
  readonly items: readonly T[];
  /** The exact number of items matching the filters, whatever the window. */
  readonly total: number;
  readonly limit: number;
  /** The offset asked for; 0 when the page was asked for after a position. */
  readonly offset: number;
  /** Where the next page starts; null on the last page. */
  readonly next: KeysetPosition | null;
}
