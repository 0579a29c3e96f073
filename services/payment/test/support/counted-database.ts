// A database that records the statements sent through it: shows that calls made together share
// one, and how each was sent (prepared or planned afresh).
import { isSqlStatement, type QueryOptions, type SqlDatabase } from '@emporium/platform';

export interface SentStatement {
  text: string;
  prepared: boolean;
}

export function countedDatabase(db: SqlDatabase): {
  db: SqlDatabase;
  statements: () => number;
  sent: () => SentStatement[];
  reset(): void;
} {
  let sent: SentStatement[] = [];
  const counted = new Proxy(db, {
    get: (target, name) =>
      name === 'query'
        ? (...args: Parameters<typeof target.query>) => {
            const [first, second, third] = args as [unknown, unknown, QueryOptions | undefined];
            const text = isSqlStatement(first) ? first.text : (first as string);
            const options = isSqlStatement(first) ? (second as QueryOptions | undefined) : third;
            sent.push({ text, prepared: options?.prepare === true });
            return target.query(...args);
          }
        : Reflect.get(target, name),
  });
  return {
    db: counted,
    statements: () => sent.length,
    sent: () => sent,
    reset() {
      sent = [];
    },
  };
}
