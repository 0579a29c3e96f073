// Refuses queries whose estimated cost is too high before anything is resolved. Each field costs 1;
// a list field multiplies the cost of what it selects by its `first` argument (or a default page),
// so "20 categories × 20 products × 20 categories…" is priced as the fan-out it would cause. A page
// object (`products(first: 100) { items … }`) takes `first` without being a list itself: its lists
// hold `first` entries, so they are priced at that size.
// Introspection fields are not in the schema's field maps and cost nothing here. A mutation field is
// a write (often several upstream calls: stock, payment), and a document's mutations all run within
// one request that the rate limit counts once, so each costs WRITE_COST: with the default limit a
// document holds a handful of writes, not thousands of aliased ones.
import { createRequire } from 'node:module';
import type {
  ASTVisitor,
  FieldNode,
  GraphQLCompositeType,
  SelectionSetNode,
  ValidationContext,
} from 'graphql';

// Mercurius loads graphql's CommonJS build; its schema objects fail `instanceof` checks against the
// ESM build an `import` would load, so this rule takes graphql from the same (CommonJS) instance.
const {
  GraphQLError,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
} = createRequire(import.meta.url)('graphql') as typeof import('graphql');

// A paginated list left at its default page; a list without paging (lines, variants) is smaller.
const DEFAULT_PAGE_SIZE = 20;
const UNPAGED_LIST_SIZE = 10;
// A `first` given as a variable is unknown at validation time: price it at the largest page.
const MAX_LIST_SIZE = 100;
const WRITE_COST = 250;

/** The entries a field taking `first` answers with: its literal value, or the default page. */
function listSize(field: FieldNode): number {
  const first = field.arguments?.find((argument) => argument.name.value === 'first');
  if (!first) return DEFAULT_PAGE_SIZE;
  if (first.value.kind === Kind.INT) return Math.min(Number(first.value.value), MAX_LIST_SIZE);
  return MAX_LIST_SIZE;
}

function selectionCost(
  context: ValidationContext,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType,
  /** The named fragments this selection set is inside of. */
  enclosingFragments: ReadonlySet<string>,
  /** What each field of this selection set costs by itself: 1, or WRITE_COST for mutation fields. */
  fieldCost = 1,
  /** Set when this selection set is a page's: the size its unpaged lists (items) come in. */
  pageSize?: number,
): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
      const definition = fields[selection.name.value];
      if (!definition) continue;
      const named = getNamedType(definition.type);
      const paged = definition.args.some((argument) => argument.name === 'first');
      const list = isListType(getNullableType(definition.type));
      const children =
        selection.selectionSet && isCompositeType(named)
          ? selectionCost(
              context,
              selection.selectionSet,
              named,
              enclosingFragments,
              1,
              paged && !list ? listSize(selection) : undefined,
            )
          : 0;
      const multiplier = list ? (paged ? listSize(selection) : (pageSize ?? UNPAGED_LIST_SIZE)) : 1;
      total += multiplier * (fieldCost + children);
    } else {
      let fragment: SelectionSetNode | undefined;
      let typeName: string | undefined;
      let within = enclosingFragments;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        fragment = selection.selectionSet;
        typeName = selection.typeCondition?.name.value;
      } else {
        // Only a fragment spread inside itself is skipped (the spec's NoFragmentCycles refuses
        // such a document; this rule runs beside it and must not loop). A fragment spread in
        // several places costs at each of them.
        if (enclosingFragments.has(selection.name.value)) continue;
        const definition = context.getFragment(selection.name.value);
        fragment = definition?.selectionSet;
        typeName = definition?.typeCondition.name.value;
        within = new Set(enclosingFragments).add(selection.name.value);
      }
      const type = typeName ? context.getSchema().getType(typeName) : parent;
      if (fragment && type && isCompositeType(type)) {
        total += selectionCost(context, fragment, type, within, fieldCost, pageSize);
      }
    }
  }
  return total;
}

export function costLimit(maxCost: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const root =
        operation.operation === 'query'
          ? context.getSchema().getQueryType()
          : operation.operation === 'mutation'
            ? context.getSchema().getMutationType()
            : context.getSchema().getSubscriptionType();
      if (!root) return;
      const fieldCost = operation.operation === 'mutation' ? WRITE_COST : 1;
      const cost = selectionCost(context, operation.selectionSet, root, new Set(), fieldCost);
      if (cost > maxCost) {
        context.reportError(
          new GraphQLError(`Query cost ${cost} exceeds the limit of ${maxCost}; ask for fewer items.`, {
            nodes: [operation],
            extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost },
          }),
        );
      }
    },
  });
}
