// The service logger: JSON lines in which no secret appears. Passwords and tokens travel in bodies,
// headers, query strings, event data and, through a failed statement, in database errors; each of
// those ways into a log line is closed here once, for every service.
import pino, { type Logger } from 'pino';

// Tokens may travel in a query string (EventSource cannot send headers).
const SECRET_PARAMS = /([?&](?:access_token|token)=)[^&]*/gi;

// Field names that hold a credential wherever they appear one level down in a logged object.
const SECRET_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'verificationToken',
  'resetToken',
  'paymentToken',
];

const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-internal-token"]',
  ...SECRET_FIELDS.map((field) => `*.${field}`),
];

// A line of a database error's `where` that quotes the statement's data: the JSON being parsed
// ("JSON data, line 1: …") or a bound parameter's value.
const DATA_CONTEXT = /^JSON data|parameter \$\d/;
// A database error's `detail` that quotes a row or key: a check or not-null violation prints the
// row ("Failing row contains (…)", long values cut short), a unique violation the key's value.
const DATA_DETAIL = /^Failing row contains|^Key \(/;

function serializeRequest(request: { method: string; url: string; ip?: string }) {
  return {
    method: request.method,
    url: request.url.replace(SECRET_PARAMS, '$1[redacted]'),
    remoteAddress: request.ip,
  };
}

/**
 * Errors as pino serializes them, without the data of the statement that failed: PGlite attaches
 * the bound values (`params`), which hold whatever was written (an event with its e-mail token),
 * and PostgreSQL quotes rows, keys and parameters in `detail` and `where`.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (serialized === null || typeof serialized !== 'object') return serialized;
  const { params: _params, parameters: _parameters, values: _values, ...kept } = serialized;
  if (typeof kept.detail === 'string' && DATA_DETAIL.test(kept.detail)) {
    kept.detail = '[redacted: quotes the data]';
  }
  if (typeof kept.where === 'string') {
    const where = kept.where
      .split('\n')
      .filter((line) => !DATA_CONTEXT.test(line))
      .join('\n');
    if (where) kept.where = where;
    else delete kept.where;
  }
  return kept;
}

export function createServiceLogger(
  name: string,
  level: string,
  destination?: pino.DestinationStream,
): Logger {
  const options = {
    name,
    level,
    redact: REDACT_PATHS,
    serializers: { req: serializeRequest, err: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}
