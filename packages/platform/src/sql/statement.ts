// SQL written as a tagged template: each `${value}` becomes a bound parameter, numbered here, so
// no statement counts `$1 … $n` by hand and inserting a condition never shifts the others.
//
//   db.query(sql`select id from orders where user_id = ${userId} and status = any(${statuses})`)
//
// A value that is itself a statement (a fragment) is spliced in with its own parameters
// renumbered, which is how optional conditions and lists are composed. Identifiers and keywords
// cannot be parameters: `sql.raw` takes fixed text the code chose, never input.

const STATEMENT = Symbol('sql statement');

export interface SqlStatement {
  readonly [STATEMENT]: true;
  /** Text with `$1 … $n` placeholders, in the order of `values`. */
  readonly text: string;
  readonly values: readonly unknown[];
}

interface Part {
  /** Literal text pieces; a fragment's own text is split at its placeholders. */
  strings: readonly string[];
  values: readonly unknown[];
}

const parts = new WeakMap<SqlStatement, Part>();

function build(strings: readonly string[], values: readonly unknown[]): SqlStatement {
  const flatStrings: string[] = [strings[0] ?? ''];
  const flatValues: unknown[] = [];
  values.forEach((value, index) => {
    const next = strings[index + 1] ?? '';
    const fragment = isSqlStatement(value) ? parts.get(value) : undefined;
    if (fragment) {
      // Glue the fragment's first and last literal pieces onto the surrounding text.
      flatStrings[flatStrings.length - 1] += fragment.strings[0] ?? '';
      for (let i = 0; i < fragment.values.length; i += 1) {
        flatValues.push(fragment.values[i]);
        flatStrings.push(fragment.strings[i + 1] ?? '');
      }
      flatStrings[flatStrings.length - 1] += next;
    } else {
      flatValues.push(value);
      flatStrings.push(next);
    }
  });
  let text = flatStrings[0] ?? '';
  for (let i = 1; i < flatStrings.length; i += 1) text += `$${i}${flatStrings[i]}`;
  const statement: SqlStatement = { [STATEMENT]: true, text, values: flatValues };
  parts.set(statement, { strings: flatStrings, values: flatValues });
  return statement;
}

export function isSqlStatement(value: unknown): value is SqlStatement {
  return typeof value === 'object' && value !== null && STATEMENT in value;
}

/** A statement (or a fragment of one) whose interpolated values are bound parameters. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlStatement {
  return build(strings, values);
}

/** Fixed SQL text chosen by the code (an identifier, a sort direction); never user input. */
sql.raw = (text: string): SqlStatement => build([text], []);

/** The fragments separated by `separator` (fixed text), e.g. a list of conditions joined by AND. */
sql.join = (fragments: readonly SqlStatement[], separator: string): SqlStatement => {
  if (fragments.length === 0) return sql.raw('');
  const strings = ['', ...fragments.slice(1).map(() => separator), ''];
  return build(strings, fragments);
};

/** The empty fragment: an optional condition that does not apply. */
sql.empty = build([''], []);
