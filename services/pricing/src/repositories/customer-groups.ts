// Customer groups and their members. A repeated add is a no-op (the primary key), so two admins
// adding the same member at once leave one membership.
import type { CustomerGroup, CustomerGroupDetail } from '@emporium/contracts/price-lists';
import { type SqlExecutor, sql } from '@emporium/platform';

interface GroupRow {
  id: string;
  name: string;
  member_count: number;
}

const toGroup = (row: GroupRow): CustomerGroup => ({
  id: row.id,
  name: row.name,
  memberCount: Number(row.member_count),
});

const SELECT_GROUP = sql`select g.id, g.name,
  (select count(*) from customer_group_members m where m.group_id = g.id)::int as member_count
  from customer_groups g`;

export const customerGroupsRepository = {
  async insert(tx: SqlExecutor, id: string, name: string): Promise<CustomerGroup> {
    await tx.query(sql`insert into customer_groups (id, name) values (${id}, ${name})`);
    return { id, name, memberCount: 0 };
  },

  async list(db: SqlExecutor): Promise<CustomerGroup[]> {
    const { rows } = await db.query<GroupRow>(sql`${SELECT_GROUP} order by lower(g.name), g.id`);
    return rows.map(toGroup);
  },

  async find(db: SqlExecutor, id: string): Promise<CustomerGroupDetail | undefined> {
    const { rows } = await db.query<GroupRow>(sql`${SELECT_GROUP} where g.id = ${id}`);
    if (!rows[0]) return undefined;
    const members = await db.query<{ customer_id: string }>(
      sql`select customer_id from customer_group_members where group_id = ${id}
          order by added_at, customer_id`,
    );
    return { ...toGroup(rows[0]), members: members.rows.map((m) => m.customer_id) };
  },

  async rename(db: SqlExecutor, id: string, name: string): Promise<boolean> {
    const { rowCount } = await db.query(
      sql`update customer_groups set name = ${name}, updated_at = now() where id = ${id}`,
    );
    return rowCount > 0;
  },

  async remove(db: SqlExecutor, id: string): Promise<boolean> {
    const { rowCount } = await db.query(sql`delete from customer_groups where id = ${id}`);
    return rowCount > 0;
  },

  /** False when the group does not exist; adding a member again changes nothing. */
  async addMember(db: SqlExecutor, groupId: string, customerId: string): Promise<boolean> {
    const { rowCount } = await db.query(
      sql`insert into customer_group_members (group_id, customer_id)
          select id, ${customerId} from customer_groups where id = ${groupId}
          on conflict (group_id, customer_id) do nothing`,
    );
    if (rowCount > 0) return true;
    const { rows } = await db.query(sql`select 1 from customer_groups where id = ${groupId}`);
    return rows.length > 0;
  },

  /** Removing someone who is not a member (again, or never) changes nothing. */
  async removeMember(db: SqlExecutor, groupId: string, customerId: string): Promise<void> {
    await db.query(
      sql`delete from customer_group_members where group_id = ${groupId} and customer_id = ${customerId}`,
    );
  },

  /** Which of these ids are not groups (a price list naming one is refused). */
  async missing(db: SqlExecutor, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const { rows } = await db.query<{ id: string }>(
      sql`select id from customer_groups where id = any(${ids}::uuid[])`,
    );
    const found = new Set(rows.map((row) => row.id));
    return ids.filter((id) => !found.has(id));
  },
};
