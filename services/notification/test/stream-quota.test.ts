import { describe, expect, it } from 'vitest';
import { createStreamQuota } from '../src/feed/stream-quota.js';

describe('the per-account stream quota', () => {
  it('ends the oldest streams of an account beyond the quota, in the order they opened', () => {
    const quota = createStreamQuota(2);
    const ended: string[] = [];
    const open = (user: string, name: string) => quota.admit(user, () => ended.push(name));
    open('ada', 'a1');
    open('ada', 'a2');
    open('bob', 'b1');
    expect(ended).toEqual([]);
    open('ada', 'a3');
    open('ada', 'a4');
    expect(ended).toEqual(['a1', 'a2']);
    expect(quota.openFor('ada')).toBe(2);
    expect(quota.openFor('bob')).toBe(1);
  });

  it('frees the place of a stream that ended by itself, once however often it is released', () => {
    const quota = createStreamQuota(2);
    const ended: string[] = [];
    const release1 = quota.admit('ada', () => ended.push('a1'));
    quota.admit('ada', () => ended.push('a2'));
    release1();
    release1();
    expect(quota.openFor('ada')).toBe(1);
    quota.admit('ada', () => ended.push('a3'));
    expect(ended).toEqual([]);
    quota.admit('ada', () => ended.push('a4'));
    expect(ended).toEqual(['a2']);
  });

  it('forgets an account whose streams all ended', () => {
    const quota = createStreamQuota(1);
    const release = quota.admit('ada', () => {});
    release();
    expect(quota.openFor('ada')).toBe(0);
  });
});
