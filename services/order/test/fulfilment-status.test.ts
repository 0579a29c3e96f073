// What is left to ship and the fulfilment state, and the carriers' tracking links.
import { describe, expect, it } from 'vitest';
import { carrierKey, trackingUrl } from '../src/fulfilment/carriers.js';
import { fulfillmentStatus, unshippedBySku } from '../src/fulfilment/fulfilment-status.js';

const ordered = [
  { sku: 'A', quantity: 2 },
  { sku: 'B', quantity: 1 },
];

describe('fulfilment', () => {
  it('counts what is left per line and derives the state', () => {
    expect(fulfillmentStatus(ordered, [])).toBe('unfulfilled');
    const first = { lines: [{ sku: 'A', quantity: 1 }] };
    expect([...unshippedBySku(ordered, [first])]).toEqual([
      ['A', 1],
      ['B', 1],
    ]);
    expect(fulfillmentStatus(ordered, [first])).toBe('partially_fulfilled');
    const rest = {
      lines: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
    };
    expect(fulfillmentStatus(ordered, [first, rest])).toBe('fulfilled');
  });
});

describe('tracking links', () => {
  it('builds a known carrier link and none for an unknown carrier or a missing number', () => {
    expect(trackingUrl('DHL', 'JD 01')).toBe(
      'https://www.dhl.com/global-en/home/tracking.html?tracking-id=JD%2001',
    );
    expect(trackingUrl('Royal Mail', 'RM1')).toContain('royalmail.com');
    expect(trackingUrl('Acme Post', 'AP1')).toBeUndefined();
    expect(trackingUrl('DHL', undefined)).toBeUndefined();
    expect(carrierKey('Royal_Mail')).toBe('royalmail');
  });
});
