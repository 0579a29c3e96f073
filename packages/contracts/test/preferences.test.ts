// One list of optional e-mail kinds behind the profile's preferences, their patch and the
// user.preferences_changed event.
import { randomUUID } from 'node:crypto';
import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { eventSchemas } from '../src/index.js';
import { optionalEmailKinds } from '../src/notification.js';
import { NotificationPreferences, PreferencesPatch } from '../src/user.js';

if (!FormatRegistry.Has('uuid')) {
  FormatRegistry.Set('uuid', (value) =>
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value),
  );
}

const ALL_ON = Object.fromEntries(optionalEmailKinds.map((kind) => [kind, true]));

describe('notification preferences contracts', () => {
  it('gives the profile one switch per optional e-mail kind, and nothing else', () => {
    expect(Object.keys(NotificationPreferences.properties)).toEqual(['email']);
    expect(Object.keys(NotificationPreferences.properties.email.properties)).toEqual([...optionalEmailKinds]);
  });

  it('takes a patch of some known kinds only', () => {
    expect(Value.Check(PreferencesPatch, { email: { order_shipped: false } })).toBe(true);
    expect(Value.Check(PreferencesPatch, { email: { password_reset: false } })).toBe(false);
    expect(Value.Check(PreferencesPatch, { email: { order_shipped: 'no' } })).toBe(false);
    expect(Value.Check(PreferencesPatch, { email: {} })).toBe(false);
    expect(Value.Check(PreferencesPatch, { inApp: { order_shipped: false } })).toBe(false);
  });

  it('catalogues user.preferences_changed with every switch and a version from 1', () => {
    const schema = eventSchemas['user.preferences_changed'];
    const event = { userId: randomUUID(), email: ALL_ON, version: 1 };
    expect(Value.Check(schema, event)).toBe(true);
    expect(Value.Check(schema, { ...event, version: 0 })).toBe(false);
    expect(Value.Check(schema, { ...event, version: 1.5 })).toBe(false);
    const { order_shipped: _left, ...missingOne } = ALL_ON;
    expect(Value.Check(schema, { ...event, email: missingOne })).toBe(false);
  });
});
