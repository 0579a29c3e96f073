// The one mapping from problem+json (a service's, or the gateway's own) to a GraphQL error: the
// problem's status, type and members (field `errors`, `retryAfter`…) ride in `extensions`.
import type { FieldError } from '@emporium/platform';
import { HttpProblem } from '@emporium/platform';
import mercurius from 'mercurius';
import type { GraphQLContext } from './context.js';

// mercurius is CommonJS: its named exports are only reachable through the default export under Node.
const { ErrorWithProps } = mercurius;

const CODES: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  429: 'RATE_LIMITED',
};

/**
 * How a service's field names read in GraphQL: service prefix → argument path, e.g. the order
 * service's `body.email` is placeOrder's `input.email`. Prefixes not listed keep their name.
 */
export type FieldNames = Record<string, string>;

function renamed(field: string, names: FieldNames): string {
  for (const [prefix, name] of Object.entries(names)) {
    if (field === prefix) return name;
    if (!field.startsWith(`${prefix}.`)) continue;
    const rest = field.slice(prefix.length + 1);
    return name ? `${name}.${rest}` : rest;
  }
  return field;
}

/** Service problems become GraphQL errors carrying the HTTP status, problem type and its members. */
export function asGraphQLError(error: unknown, names: FieldNames = {}): Error {
  if (!(error instanceof HttpProblem)) return error as Error;
  const code = CODES[error.status] ?? (error.status >= 500 ? 'UPSTREAM_UNAVAILABLE' : 'BAD_REQUEST');
  const { errors, ...members } = error.extensions as { errors?: FieldError[] };
  return new ErrorWithProps(error.detail ?? error.title, {
    ...members,
    ...(Array.isArray(errors)
      ? { errors: errors.map((item) => ({ ...item, field: renamed(item.field, names) })) }
      : {}),
    code,
    status: error.status,
    type: error.type,
  });
}

export async function relay<T>(work: Promise<T>, names?: FieldNames): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw asGraphQLError(error, names);
  }
}

export function requireViewer(context: GraphQLContext): string {
  if (!context.principal) {
    throw new ErrorWithProps(context.authProblem ?? 'Authentication is required.', {
      code: 'UNAUTHENTICATED',
      status: 401,
    });
  }
  return context.principal.userId;
}
