// A database whose statements the test can count: shows that calls made together share one.
import type { SqlDatabase } from '@emporium/platform';

export function countedDatabase(db: SqlDatabase): {
  db: SqlDatabase;
  statements: () => number;
  reset(): void;
} {
  let statements = 0;
  const counted = new Proxy(db, {
    get: (target, name) =>
      name === 'query'
        ? (...args: Parameters<typeof target.query>) => {
            statements++;
            return target.query(...args);
          }
        : Reflect.get(target, name),
  });
  return {
    db: counted,
    statements: () => statements,
    reset() {
      statements = 0;
    },
  };
}
