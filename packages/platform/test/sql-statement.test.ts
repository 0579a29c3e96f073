import { describe, expect, it } from 'vitest';
import { isSqlStatement, sql } from '../src/sql/statement.js';

describe('sql tagged template', () => {
  it('numbers each interpolated value as a parameter, in order', () => {
    const statement = sql`select * from orders where user_id = ${'u1'} and total > ${500}`;
    expect(statement.text).toBe('select * from orders where user_id = $1 and total > $2');
    expect(statement.values).toEqual(['u1', 500]);
  });

  it('splices a fragment in with its parameters renumbered after those before it', () => {
    const status = sql`status = ${'paid'} and currency = ${'EUR'}`;
    const statement = sql`select id from orders where user_id = ${'u1'} and ${status} limit ${10}`;
    expect(statement.text).toBe(
      'select id from orders where user_id = $1 and status = $2 and currency = $3 limit $4',
    );
    expect(statement.values).toEqual(['u1', 'paid', 'EUR', 10]);
  });

  it('joins optional conditions, and an absent one adds nothing', () => {
    const conditions = [sql`a = ${1}`, sql`b = ${2}`, sql`c in (${3}, ${4})`];
    const where = sql.join(conditions, ' and ');
    expect(sql`select 1 where ${where}`.text).toBe('select 1 where a = $1 and b = $2 and c in ($3, $4)');
    expect(sql`select 1 ${sql.empty}where true`.text).toBe('select 1 where true');
    expect(sql.join([], ' and ').text).toBe('');
  });

  it('keeps raw text as text and never as a parameter', () => {
    const statement = sql`select * from t order by created_at ${sql.raw('desc')} limit ${5}`;
    expect(statement.text).toBe('select * from t order by created_at desc limit $1');
    expect(statement.values).toEqual([5]);
  });

  it('tells a statement from a plain value, so strings are never spliced as SQL', () => {
    expect(isSqlStatement(sql`select 1`)).toBe(true);
    expect(isSqlStatement({ text: 'select 1', values: [] })).toBe(false);
    expect(sql`select ${'select 1'}`.values).toEqual(['select 1']);
  });
});
