// What admins see: every user, searchable, and one user's full profile with addresses.
import type { AdminUserDetail, AdminUserList, AdminUserQuery } from '@emporium/contracts/user';
import { problems } from '@emporium/platform';
import type { UserContext } from '../context.js';
import { listAddresses } from '../repositories/addresses.js';
import { findProfile, searchProfiles } from '../repositories/profiles.js';
import { toSavedAddress } from './addresses.js';
import { toProfile } from './profiles.js';

export async function listUsers(ctx: UserContext, query: AdminUserQuery): Promise<AdminUserList> {
  const { items, total } = await searchProfiles(ctx.db, query);
  return {
    items: items.map((p) => ({ id: p.userId, email: p.email, name: p.name, createdAt: p.createdAt })),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}

export async function getUserDetail(ctx: UserContext, userId: string): Promise<AdminUserDetail> {
  const [profile, addresses] = await Promise.all([
    findProfile(ctx.db, userId),
    listAddresses(ctx.db, userId),
  ]);
  if (!profile) throw problems.notFound('The user');
  return { ...toProfile(ctx, profile), addresses: addresses.map((a) => toSavedAddress(ctx, a)) };
}
