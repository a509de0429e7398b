/** Stable error codes; the web layer maps each to an HTTP status in one table. */
export type ErrorCode =
  | 'invalid_input'
  | 'invalid_wire_copy'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'rate_limited'
  | 'csrf_failed'
  | 'config_invalid'
  | 'internal';

export interface Issue {
  /** Where the problem is: a field path ("bylines.0.name"), or "file:line". */
  where: string;
  message: string;
}

/** The one error type the app throws on purpose. `isPublic` messages may be shown to the user. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly isPublic: boolean;
  readonly issues: Issue[];

  constructor(code: ErrorCode, message: string, opts: { isPublic?: boolean; issues?: Issue[]; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.isPublic = opts.isPublic ?? code !== 'internal';
    this.issues = opts.issues ?? [];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
