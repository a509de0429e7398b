import type { ErrorCode } from '../domain/errors.js';

/** The one table from error codes to HTTP statuses. */
export const STATUS_BY_CODE: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 429 | 500> = {
  invalid_input: 400,
  invalid_wire_copy: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  rate_limited: 429,
  csrf_failed: 403,
  config_invalid: 500,
  internal: 500,
};
