// Classify failures of API calls into what the user should be told.
export type FailureKind =
  'forbidden' | 'unauthorized' | 'unreachable' | 'tls' | 'not-found' | 'gone' | 'config' | 'server' | 'other';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly kind: FailureKind,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_TLS|ERR_SSL|EPROTO|HOSTNAME_MISMATCH|ERR_OSSL)/;

export function classify(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const err = e as NodeJS.ErrnoException & { reason?: string };
  const code = err?.code ?? '';
  const msg = err?.message ?? String(e);
  if (
    [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'ETIMEDOUT',
      'ECONNRESET',
      'EAI_AGAIN',
      'EPIPE',
    ].includes(code) ||
    /socket hang up|timed out/i.test(msg)
  ) {
    return new ApiError(`cannot reach the API server (${code || msg})`, undefined, 'unreachable');
  }
  if (TLS_CODES.test(code) || /certificate|SSL|TLS/i.test(msg))
    return new ApiError(`TLS error: ${msg}`, undefined, 'tls');
  if (code === 'ENOENT' || code === 'EACCES')
    return new ApiError(`kubeconfig refers to a file that cannot be read: ${msg}`, undefined, 'config');
  return new ApiError(msg, undefined, 'other');
}

export function fromStatus(status: number, body: unknown, what: string): ApiError {
  const b = body as { message?: string; reason?: string } | undefined;
  const detail = typeof b?.message === 'string' ? b.message : `HTTP ${status}`;
  const kind: FailureKind =
    status === 403
      ? 'forbidden'
      : status === 401
        ? 'unauthorized'
        : status === 404
          ? 'not-found'
          : status === 410
            ? 'gone'
            : status >= 500
              ? 'server'
              : 'other';
  return new ApiError(`${what}: ${detail}`, status, kind, body);
}
