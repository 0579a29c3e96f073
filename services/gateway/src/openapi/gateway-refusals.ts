// What the gateway itself may answer on any proxied operation, added to the services' documented
// responses: 429 from the rate limits every route counts against, 502/503/504 when the service
// answers badly, is unreachable, its circuit is open or the gateway sheds load, and 401/403 where
// the route's access rule needs a token (public routes treat a bad token as a guest's).
import { problemResponse } from '@emporium/platform';
import type { Access } from '../routes/route-table.js';

const ALWAYS = [429, 502, 503, 504];
const SIGNED_IN = [401, 403];

export function withGatewayRefusals(
  operation: Record<string, unknown>,
  access: Access,
): Record<string, unknown> {
  const responses = { ...(operation.responses as Record<string, unknown> | undefined) };
  for (const status of [...(access === 'public' ? [] : SIGNED_IN), ...ALWAYS]) {
    const { description, content } = problemResponse(status);
    responses[status] ??= { description, content };
  }
  return { ...operation, responses };
}
