// A database that records the statements sent through it: shows that calls made together share
// one, and how each was sent (prepared or planned afresh).
import type { SqlDatabase } from '@emporium/platform';

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
            sent.push({ text: args[0], prepared: args[2]?.prepare === true });
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
