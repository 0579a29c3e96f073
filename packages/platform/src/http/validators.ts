// Two Ajv validators per service. Query strings, path parameters and headers arrive as text, so
// they keep Fastify's coercion ("20" → 20 for an integer limit). A JSON body already carries its
// types: coercing it would accept null or "" for a boolean, 5 for a string, "5" for a quantity, and
// the handler would act on a value the client never sent. Bodies are validated as sent.
import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';

export function bodiesValidatedWithoutCoercion(): { compilersFactory: { buildValidator: ValidatorFactory } } {
  // One pool: the two option sets compile on two Ajv instances, each shared by every route.
  const pool = AjvCompiler();
  const buildValidator: ValidatorFactory = (externalSchemas, options) => {
    const forText = pool(externalSchemas, options);
    // Fastify's options are Ajv's (it never runs in JTD mode here), so they take coerceTypes.
    const ajvOptions = options as { customOptions?: Record<string, unknown>; plugins?: never[] };
    const forBodies = pool(externalSchemas, {
      ...ajvOptions,
      customOptions: { ...ajvOptions?.customOptions, coerceTypes: false },
    });
    return (route) => (route.httpPart === 'body' ? forBodies(route) : forText(route));
  };
  return { compilersFactory: { buildValidator } };
}
