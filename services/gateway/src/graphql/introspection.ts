// Introspection in production would hand anyone a map of every type and field; client builders
// read the schema from the source (schema.ts) or from a development gateway instead.
import { createRequire } from 'node:module';
import type { ASTVisitor, ValidationContext, ValidationRule } from 'graphql';

// The CommonJS graphql Mercurius uses (see cost-limit.ts): the ESM build's type checks would not
// recognise its schema objects.
const { GraphQLError, getNamedType, isIntrospectionType } = createRequire(import.meta.url)(
  'graphql',
) as typeof import('graphql');

/**
 * Refuses a document that selects `__schema` or `__type`, with one error for the whole document
 * (graphql's NoSchemaIntrospectionCustomRule reports one per field, and Mercurius answers several
 * validation errors with status 200 rather than 400). `__typename` stays allowed: clients use it
 * to tell union members apart and it reveals nothing beyond the answer.
 */
function noIntrospection(context: ValidationContext): ASTVisitor {
  let reported = false;
  return {
    Field(node) {
      if (reported) return;
      const type = getNamedType(context.getType());
      if (!type || !isIntrospectionType(type)) return;
      reported = true;
      context.reportError(
        new GraphQLError(`Introspection is turned off here: "${node.name.value}" cannot be queried.`, {
          nodes: [node],
          extensions: { code: 'INTROSPECTION_DISABLED' },
        }),
      );
    },
  };
}

/** The validation rules that refuse introspection when it is not allowed. */
export function introspectionRules(allowed: boolean): ValidationRule[] {
  return allowed ? [] : [noIntrospection];
}
