// The platform's outbox insert (the one place that knows the outbox table) as a fragment of a
// statement built with the `sql` tag, for checkout statements that store their events themselves.
import { outboxInsertSql, type SqlStatement, type StagedEvents, sql } from '@emporium/platform';

/**
 * Inserts the staged events; with `onlyIfRowIn` (a CTE of the same statement) only if that CTE
 * produced a row. The platform's text takes the events as its only parameter, `$1`: it is split
 * there and the events bound in its place, so the fragment's text is the same on every call.
 */
export function outboxInsert(events: StagedEvents, options: { onlyIfRowIn?: string } = {}): SqlStatement {
  const [before, after] = outboxInsertSql(1, options).split('$1');
  return sql`${sql.raw(before!)}${events.json}${sql.raw(after!)}`;
}
