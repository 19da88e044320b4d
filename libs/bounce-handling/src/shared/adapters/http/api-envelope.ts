/** The success envelope of every answer of the API (DESIGN.md §4). */
export interface ApiSuccess<T> {
  readonly success: true;
  readonly data: T;
}

export interface ApiFailure {
  readonly success: false;
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

export function ok<T>(data: T): ApiSuccess<T> {
  return { success: true, data };
}

export function failure(code: string, message: string, details?: unknown): ApiFailure {
  return { success: false, error: details === undefined ? { code, message } : { code, message, details } };
}
