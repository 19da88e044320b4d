/**
 * Rows read by SQL are checked, not cast: each repository says what a row holds (`pgRow`), and
 * a row that does not hold it — a column missing, renamed, or of another type — fails with
 * `UnexpectedRowError` naming the column, instead of travelling on as a wrong domain object.
 *
 * Decoders accept what `pg` hands back for a type: bigint and numeric columns come as text,
 * timestamps as `Date` or as text (as MikroORM's driver configures them).
 */
export class UnexpectedRowError extends Error {
  constructor(
    readonly column: string,
    expected: string,
    value: unknown,
  ) {
    super(`Unexpected row from the database: column "${column}" should hold ${expected}, not ${describe(value)}`);
    this.name = 'UnexpectedRowError';
  }
}

/** Turns one column's value into what the code expects, or throws `UnexpectedRowError`. */
export type Column<T> = (value: unknown, column: string) => T;

export type RowOf<S extends Record<string, Column<unknown>>> = { -readonly [K in keyof S]: ReturnType<S[K]> };

/** A checker of rows whose columns are the shape's keys. */
export function pgRow<S extends Record<string, Column<unknown>>>(shape: S): (row: unknown) => RowOf<S> {
  const columns = Object.entries(shape);
  return (row) => {
    if (typeof row !== 'object' || row === null) throw new UnexpectedRowError('*', 'a row', row);
    const record = row as Record<string, unknown>;
    const decoded: Record<string, unknown> = {};
    for (const [name, column] of columns) decoded[name] = column(record[name], name);
    return decoded as RowOf<S>;
  };
}

function text(value: unknown, column: string): string {
  if (typeof value !== 'string') throw new UnexpectedRowError(column, 'text', value);
  return value;
}

function integer(value: unknown, column: string): number {
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw new UnexpectedRowError(column, 'an integer', value);
  return number;
}

function timestamp(value: unknown, column: string): Date {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) throw new UnexpectedRowError(column, 'a timestamp', value);
  return date;
}

function timestamps(value: unknown, column: string): Date[] {
  if (!Array.isArray(value)) throw new UnexpectedRowError(column, 'an array of timestamps', value);
  return value.map((item) => {
    const date = item instanceof Date ? item : typeof item === 'string' ? new Date(item) : null;
    if (date === null || Number.isNaN(date.getTime())) throw new UnexpectedRowError(column, 'an array of timestamps', value);
    return date;
  });
}

function boolean(value: unknown, column: string): boolean {
  if (typeof value !== 'boolean') throw new UnexpectedRowError(column, 'a boolean', value);
  return value;
}

function textArray(value: unknown, column: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new UnexpectedRowError(column, 'an array of text', value);
  return value;
}

/** The column decoders; `nullable(c)` admits SQL NULL, `oneOf(values)` a closed vocabulary. */
export const col = {
  text,
  /** bigint, integer and count(*) columns: a safe integer, from a number or from its text. */
  integer,
  timestamp,
  /** timestamptz[]: each element a `Date`, from a `Date` or from its text. */
  timestamps,
  boolean,
  textArray,
  /** jsonb: whatever JSON value the column holds, for the caller to read as it must. */
  json: ((value: unknown) => value) as Column<unknown>,
  oneOf<const V extends string>(values: readonly V[]): Column<V> {
    const allowed = new Set<string>(values);
    return (value, column) => {
      if (typeof value !== 'string' || !allowed.has(value)) throw new UnexpectedRowError(column, `one of ${values.join(', ')}`, value);
      return value as V;
    };
  },
  nullable<T>(decode: Column<T>): Column<T | null> {
    return (value, column) => (value === null ? null : decode(value, column));
  },
};

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (no such column)';
  if (value === null) return 'NULL';
  const shown = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : String(value);
  return `${typeof value} ${shown}`;
}
