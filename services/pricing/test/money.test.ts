// Minor units, percent rates and the rounding rule: exact integer arithmetic, one rounding rule.

import { exponentOf, isSupportedCurrency } from '@emporium/contracts/currencies';
import { formatMinor, parseMajor } from '@emporium/contracts/minor-units';
import { describe, expect, it } from 'vitest';
import { percentToPpm, ppmToPercent } from '../src/money/rates.js';
import { divideRoundHalfUp, taxInGross, taxOnNet } from '../src/money/rounding.js';

describe('currencies', () => {
  it('knows the exponent of each currency a region prices in', () => {
    expect([
      exponentOf('USD'),
      exponentOf('EUR'),
      exponentOf('GBP'),
      exponentOf('JPY'),
      exponentOf('KWD'),
    ]).toEqual([2, 2, 2, 0, 3]);
    expect(isSupportedCurrency('XXX')).toBe(false);
    expect(() => exponentOf('XXX')).toThrow(RangeError);
  });
});

describe('minor units', () => {
  it.each([
    [1234, 'USD', '12.34'],
    [5, 'EUR', '0.05'],
    [0, 'GBP', '0.00'],
    [1200, 'JPY', '1200'],
    [5, 'KWD', '0.005'],
    [-250, 'USD', '-2.50'],
  ])('formats %i %s as %s', (amount, currency, text) => {
    expect(formatMinor(amount, currency)).toBe(text);
  });

  it.each([
    ['12.34', 'USD', 1234],
    ['12.3', 'USD', 1230],
    ['12', 'EUR', 1200],
    ['0.10', 'GBP', 10],
    ['1200', 'JPY', 1200],
    ['0.005', 'KWD', 5],
  ])('parses %s %s as %i', (text, currency, amount) => {
    expect(parseMajor(text, currency)).toBe(amount);
  });

  it.each([
    ['12.345', 'USD'],
    ['12.5', 'JPY'],
    ['-1', 'USD'],
    ['1e3', 'USD'],
    ['', 'USD'],
    ['99999999999999999', 'USD'],
  ])('refuses %s %s instead of rounding it', (text, currency) => {
    expect(() => parseMajor(text, currency)).toThrow(RangeError);
  });
});

describe('percent rates', () => {
  it.each([
    ['19', 190_000],
    ['8.875', 88_750],
    ['5.5', 55_000],
    ['0', 0],
    ['100', 1_000_000],
    ['0.0001', 1],
  ])('reads %s%% as %i ppm and writes it back', (percent, ppm) => {
    expect(percentToPpm(percent)).toBe(ppm);
    expect(ppmToPercent(ppm)).toBe(percent);
  });

  it.each(['101', '-1', '19.12345', '19.', '.5', 'abc', '100.5'])('refuses %s', (percent) => {
    expect(() => percentToPpm(percent)).toThrow(RangeError);
  });
});

describe('rounding half up', () => {
  it('rounds an exact half up and anything below it down', () => {
    expect(divideRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divideRoundHalfUp(149n, 100n)).toBe(1n);
    expect(divideRoundHalfUp(150n, 100n)).toBe(2n);
    expect(divideRoundHalfUp(0n, 7n)).toBe(0n);
  });

  it('stays exact past 2^53', () => {
    // 999 × 10^12 minor units at 25%: 2.4975 × 10^14, far past what a float product could hold exactly.
    expect(taxOnNet(999_000_000_000_000, 250_000)).toBe(249_750_000_000_000);
    expect(taxInGross(1_000_001_000_000, 1)).toBe(1_000_000);
    expect(taxOnNet(999_999_999_999_999, 1)).toBe(1_000_000_000); // 999999999.999999 → up
  });

  it('takes tax out of a gross price and adds it to a net one', () => {
    expect(taxInGross(11900, 190_000)).toBe(1900);
    expect(taxOnNet(10000, 190_000)).toBe(1900);
    expect(taxOnNet(50, 190_000)).toBe(10); // 9.5 → 10
    expect(taxInGross(1000, 100_000)).toBe(91); // 90.909… → 91
  });
});
