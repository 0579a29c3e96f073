// Price lists with their customer groups and entries. Every change to a list (fields, groups or
// entries) is one transaction that moves its version on by one, and every read of a list is one
// statement: a quote or an admin never sees half of a change (ADR 0017).
import type {
  NewPriceList,
  PriceList,
  PriceListEntry,
  PriceListPatch,
  PriceListSummary,
} from '@emporium/contracts/price-lists';
import { type SqlExecutor, type SqlStatement, sql } from '@emporium/platform';
import type { PriceListRule } from '../price-lists/model.js';

interface PriceListRow {
  id: string;
  name: string;
  description: string;
  type: PriceList['type'];
  status: PriceList['status'];
  starts_at: Date | null;
  ends_at: Date | null;
  version: number;
  group_ids: string[];
}

const fieldsOf = (row: PriceListRow) => ({
  id: row.id,
  name: row.name,
  description: row.description,
  type: row.type,
  status: row.status,
  ...(row.starts_at && { startsAt: row.starts_at.toISOString() }),
  ...(row.ends_at && { endsAt: row.ends_at.toISOString() }),
  customerGroupIds: row.group_ids,
  version: row.version,
});

const LIST_COLUMNS = sql`l.id, l.name, l.description, l.type, l.status, l.starts_at, l.ends_at, l.version,
  coalesce((select json_agg(g.group_id order by g.group_id) from price_list_groups g
            where g.price_list_id = l.id), '[]') as group_ids`;

const ENTRIES = sql`coalesce((select json_agg(json_build_object('sku', e.sku, 'currency', e.currency,
    'minQuantity', e.min_quantity, 'amount', e.amount) order by e.sku, e.currency, e.min_quantity)
  from price_list_entries e where e.price_list_id = l.id), '[]') as entries`;

async function replaceGroups(tx: SqlExecutor, id: string, groupIds: readonly string[]): Promise<void> {
  await tx.query(sql`delete from price_list_groups where price_list_id = ${id}`);
  if (groupIds.length === 0) return;
  await tx.query(
    sql`insert into price_list_groups (price_list_id, group_id)
        select ${id}, unnest(${groupIds}::uuid[])`,
  );
}

async function replaceEntries(
  tx: SqlExecutor,
  id: string,
  entries: readonly PriceListEntry[],
): Promise<void> {
  await tx.query(sql`delete from price_list_entries where price_list_id = ${id}`);
  if (entries.length === 0) return;
  await tx.query(
    sql`insert into price_list_entries (price_list_id, sku, currency, min_quantity, amount)
        select ${id}, sku, currency, min_quantity, amount
        from unnest(${entries.map((e) => e.sku)}::text[], ${entries.map((e) => e.currency)}::text[],
                    ${entries.map((e) => e.minQuantity ?? 1)}::int[], ${entries.map((e) => e.amount)}::bigint[])
             as entry (sku, currency, min_quantity, amount)`,
  );
}

/** `column = value` for each field the patch sets; null clears a date. */
function assignments(patch: PriceListPatch): SqlStatement[] {
  const set: SqlStatement[] = [];
  if (patch.name !== undefined) set.push(sql`name = ${patch.name}`);
  if (patch.description !== undefined) set.push(sql`description = ${patch.description}`);
  if (patch.type !== undefined) set.push(sql`type = ${patch.type}`);
  if (patch.status !== undefined) set.push(sql`status = ${patch.status}`);
  if (patch.startsAt !== undefined) set.push(sql`starts_at = ${patch.startsAt}`);
  if (patch.endsAt !== undefined) set.push(sql`ends_at = ${patch.endsAt}`);
  return set;
}

export type UpdateOutcome = { updated: true } | { updated: false; currentVersion?: number };

export const priceListsRepository = {
  async insert(tx: SqlExecutor, id: string, body: NewPriceList): Promise<void> {
    await tx.query(
      sql`insert into price_lists (id, name, description, type, status, starts_at, ends_at)
          values (${id}, ${body.name}, ${body.description ?? ''}, ${body.type}, ${body.status},
                  ${body.startsAt ?? null}, ${body.endsAt ?? null})`,
    );
    await replaceGroups(tx, id, body.customerGroupIds ?? []);
    await replaceEntries(tx, id, body.entries ?? []);
  },

  /** Applies the patch if the list is still at `patch.version`; otherwise says what it is at. */
  async update(tx: SqlExecutor, id: string, patch: PriceListPatch): Promise<UpdateOutcome> {
    // The version check and the row lock are one statement: of two admins who read the same
    // version, the second waits here for the first to commit and then finds the version moved.
    const set = [...assignments(patch), sql`version = version + 1`, sql`updated_at = now()`];
    const { rowCount } = await tx.query(
      sql`update price_lists set ${sql.join(set, ', ')} where id = ${id} and version = ${patch.version}`,
    );
    if (rowCount === 0) {
      const { rows } = await tx.query<{ version: number }>(
        sql`select version from price_lists where id = ${id}`,
      );
      return { updated: false, ...(rows[0] && { currentVersion: rows[0].version }) };
    }
    if (patch.customerGroupIds) await replaceGroups(tx, id, patch.customerGroupIds);
    if (patch.entries) await replaceEntries(tx, id, patch.entries);
    return { updated: true };
  },

  async remove(db: SqlExecutor, id: string): Promise<boolean> {
    const { rowCount } = await db.query(sql`delete from price_lists where id = ${id}`);
    return rowCount > 0;
  },

  async find(db: SqlExecutor, id: string): Promise<PriceList | undefined> {
    const { rows } = await db.query<PriceListRow & { entries: PriceList['entries'] }>(
      sql`select ${LIST_COLUMNS}, ${ENTRIES} from price_lists l where l.id = ${id}`,
    );
    const row = rows[0];
    return row && { ...fieldsOf(row), entries: row.entries.map((e) => ({ ...e, amount: Number(e.amount) })) };
  },

  async list(db: SqlExecutor): Promise<PriceListSummary[]> {
    const { rows } = await db.query<PriceListRow & { entry_count: number }>(
      sql`select ${LIST_COLUMNS},
            (select count(*) from price_list_entries e where e.price_list_id = l.id)::int as entry_count
          from price_lists l order by lower(l.name), l.id`,
    );
    return rows.map((row) => ({ ...fieldsOf(row), entryCount: row.entry_count }));
  },

  /**
   * The active lists in force at `now` that are open to this customer (for everyone, or for a
   * group they belong to; a guest has no groups) with their entries for these SKUs in `currency`,
   * and which of those lists' groups the customer is in. One statement, so a quote reads its
   * price lists and the customer's groups at once, and a list being changed meanwhile is seen
   * wholly before or wholly after.
   */
  async openTo(
    db: SqlExecutor,
    query: { skus: readonly string[]; currency: string; customerId: string | undefined; now: Date },
  ): Promise<{ lists: PriceListRule[]; memberOf: string[] }> {
    const { skus, currency, now } = query;
    const customerId = query.customerId ?? null;
    const { rows } = await db.query<
      PriceListRow & {
        sku: string;
        currency: string;
        min_quantity: number;
        amount: string | number;
        member_of: string[];
      }
    >(
      sql`select ${LIST_COLUMNS}, e.sku, e.currency, e.min_quantity, e.amount,
            coalesce((select json_agg(g.group_id) from price_list_groups g
                        join customer_group_members m on m.group_id = g.group_id
                      where g.price_list_id = l.id and m.customer_id = ${customerId}), '[]') as member_of
          from price_list_entries e join price_lists l on l.id = e.price_list_id
          where e.sku = any(${skus}::text[]) and e.currency = ${currency} and l.status = 'active'
            and (l.starts_at is null or l.starts_at <= ${now})
            and (l.ends_at is null or l.ends_at > ${now})
            and (not exists (select 1 from price_list_groups g where g.price_list_id = l.id)
                 or exists (select 1 from price_list_groups g
                              join customer_group_members m on m.group_id = g.group_id
                            where g.price_list_id = l.id and m.customer_id = ${customerId}))
          order by l.created_at, l.id`,
      { prepare: true },
    );
    const memberOf = new Set<string>();
    const lists = new Map<string, PriceListRule>();
    for (const row of rows) {
      for (const groupId of row.member_of) memberOf.add(groupId);
      let list = lists.get(row.id);
      if (!list) {
        list = {
          id: row.id,
          name: row.name,
          type: row.type,
          status: row.status,
          ...(row.starts_at && { startsAt: row.starts_at }),
          ...(row.ends_at && { endsAt: row.ends_at }),
          groupIds: row.group_ids,
          entries: [],
        };
        lists.set(row.id, list);
      }
      list.entries.push({
        sku: row.sku,
        currency: row.currency,
        minQuantity: row.min_quantity,
        amount: Number(row.amount),
      });
    }
    return { lists: [...lists.values()], memberOf: [...memberOf] };
  },
};
