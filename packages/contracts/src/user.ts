// HTTP bodies of the user service (`/users/me*`, `/admin/users*`).
import { type Static, Type } from '@sinclair/typebox';
import { Address, Email, Uuid } from './common.js';
import { EmailSwitches } from './notification.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const PersonName = Type.String({ minLength: 1, maxLength: 200 });
export const PhoneNumber = Type.String({ pattern: '^\\+?[0-9][0-9 ()./-]{3,38}$' });

/**
 * The user's notification preferences: which optional e-mails they want, by kind. Account security
 * mails and receipts always go. The notification service honours them through a copy it keeps
 * from `user.preferences_changed`.
 */
export const NotificationPreferences = Type.Object({ email: EmailSwitches });
export type NotificationPreferences = Static<typeof NotificationPreferences>;

/** The kinds to change; the others stay. An unknown kind is refused. */
export const PreferencesPatch = Type.Object(
  { email: Type.Partial(EmailSwitches, { additionalProperties: false, minProperties: 1 }) },
  { additionalProperties: false },
);
export type PreferencesPatch = Static<typeof PreferencesPatch>;

export const Profile = Type.Object({
  id: Uuid,
  email: Email,
  name: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  preferences: NotificationPreferences,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Profile = Static<typeof Profile>;

/** `null` clears a field; an absent field is left as it is. */
export const ProfilePatch = Type.Object(
  { name: Type.Optional(Nullable(PersonName)), phone: Type.Optional(Nullable(PhoneNumber)) },
  { additionalProperties: false, minProperties: 1 },
);
export type ProfilePatch = Static<typeof ProfilePatch>;

const DefaultFlags = {
  isDefaultShipping: Type.Optional(Type.Boolean()),
  isDefaultBilling: Type.Optional(Type.Boolean()),
};

export const NewAddress = Type.Object(
  { ...Address.properties, ...DefaultFlags },
  { additionalProperties: false },
);
export type NewAddress = Static<typeof NewAddress>;

export const AddressPatch = Type.Object(
  {
    name: Type.Optional(Address.properties.name),
    line1: Type.Optional(Address.properties.line1),
    line2: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    city: Type.Optional(Address.properties.city),
    postalCode: Type.Optional(Address.properties.postalCode),
    region: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    country: Type.Optional(Address.properties.country),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    ...DefaultFlags,
  },
  { additionalProperties: false, minProperties: 1 },
);
export type AddressPatch = Static<typeof AddressPatch>;

export const SavedAddress = Type.Object({
  id: Uuid,
  ...Address.properties,
  isDefaultShipping: Type.Boolean(),
  isDefaultBilling: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type SavedAddress = Static<typeof SavedAddress>;

export const AddressList = Type.Object({ addresses: Type.Array(SavedAddress) });

export const AdminUserQuery = Type.Object(
  {
    search: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'part of the e-mail or name' }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type AdminUserQuery = Static<typeof AdminUserQuery>;

export const AdminUserSummary = Type.Object({
  id: Uuid,
  email: Email,
  name: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

export const AdminUserList = Type.Object({
  items: Type.Array(AdminUserSummary),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
export type AdminUserList = Static<typeof AdminUserList>;

export const AdminUserDetail = Type.Object({ ...Profile.properties, addresses: Type.Array(SavedAddress) });
export type AdminUserDetail = Static<typeof AdminUserDetail>;
