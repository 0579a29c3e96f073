// Addresses to write to when an event names a user or an order but carries no e-mail.
import { type SqlExecutor, sql } from '@emporium/platform';

export interface OrderRecipient {
  orderNumber: string;
  userId: string | null;
  email: string;
}

export async function rememberUser(
  tx: SqlExecutor,
  user: { userId: string; email: string; displayName?: string },
): Promise<void> {
  await tx.query(
    sql`insert into recipients (user_id, email, display_name)
     values (${user.userId}, ${user.email}, ${user.displayName ?? null})
     on conflict (user_id) do update set email = excluded.email,
       display_name = coalesce(excluded.display_name, recipients.display_name), updated_at = now()`,
  );
}

export async function rememberOrder(
  tx: SqlExecutor,
  order: { orderId: string; orderNumber: string; userId: string | null; email: string },
): Promise<void> {
  await tx.query(
    sql`insert into order_recipients (order_id, order_number, user_id, email)
     values (${order.orderId}, ${order.orderNumber}, ${order.userId}, ${order.email})
     on conflict (order_id) do update set email = excluded.email, user_id = excluded.user_id`,
  );
}

export async function findOrderRecipient(
  tx: SqlExecutor,
  orderId: string,
): Promise<OrderRecipient | undefined> {
  const { rows } = await tx.query<{ order_number: string; user_id: string | null; email: string }>(
    sql`select order_number, user_id, email from order_recipients where order_id = ${orderId}`,
  );
  const row = rows[0];
  return row && { orderNumber: row.order_number, userId: row.user_id, email: row.email };
}
