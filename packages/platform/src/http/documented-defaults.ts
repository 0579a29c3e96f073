// A query parameter or header with a default is optional to the client: Ajv fills the default in
// before validating, so `limit: Type.Integer({ default: 20 })` is required in the schema the server
// checks and not in the one the client reads. The document lists such parameters as optional.
type ObjectSchema = { properties?: Record<string, { default?: unknown }>; required?: string[] };

function defaultsOptional(schema: ObjectSchema | undefined): ObjectSchema | undefined {
  if (!schema?.required || !schema.properties) return schema;
  const properties = schema.properties;
  const required = schema.required.filter((name) => properties[name]?.default === undefined);
  return { ...schema, required };
}

/** The route schema as a client should read it. */
export function parametersWithDefaultsOptional<T extends Record<string, unknown>>(schema: T): T {
  return {
    ...schema,
    ...(schema.querystring ? { querystring: defaultsOptional(schema.querystring as ObjectSchema) } : {}),
    ...(schema.headers ? { headers: defaultsOptional(schema.headers as ObjectSchema) } : {}),
  };
}
