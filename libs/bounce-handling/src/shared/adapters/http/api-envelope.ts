/** The success envelope of every answer of the API (docs/configuration.md, "HTTP contract"). */
export interface ApiSuccess<T> {
  readonly success: true;
  readonly data: T;
}

export interface ApiFailure {
  readonly success: false;
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown; readonly request_id?: string };
}

export function ok<T>(data: T): ApiSuccess<T> {
  return { success: true, data };
}

export function failure(code: string, message: string, details?: unknown): ApiFailure {
  return { success: false, error: details === undefined ? { code, message } : { code, message, details } };
}

/** The failure with the id the host gave the request (for support: it is in every log line). */
export function withRequestId(body: ApiFailure, requestId: unknown): ApiFailure {
  return typeof requestId === 'string' && requestId.length > 0 ? { ...body, error: { ...body.error, request_id: requestId } } : body;
}
