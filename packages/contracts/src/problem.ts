// RFC 9457 problem details: the one shape of every refusal the API answers, as
// application/problem+json. The services send it (packages/platform), the served OpenAPI
// document describes it, and the API client reads it; all three take it from here.
import { type Static, Type } from '@sinclair/typebox';

export { PROBLEM_BASE } from './problem-base.js';

/** A field the request got wrong, named by its path (`body.shippingAddress.city`). */
export const FieldError = Type.Object({ field: Type.String(), message: Type.String() });
export type FieldError = Static<typeof FieldError>;

export const ProblemDetails = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(FieldError)),
  },
  // Problems carry extension members (`orderId`, `unavailable`, `retryAfter`, …).
  { additionalProperties: true },
);
export type ProblemBody = Static<typeof ProblemDetails> & { [extension: string]: unknown };
