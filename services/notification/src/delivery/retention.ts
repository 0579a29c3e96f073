// Keeps the delivery log (and the embedded sink) from growing forever: rows in a final state
// older than the retention period are deleted; mail still to be sent is never touched.
import type { SqlDatabase } from '@emporium/platform';

const HOUR_MS = 3_600_000;

export async function pruneDeliveryLog(db: SqlDatabase, retentionDays: number): Promise<number> {
  const deliveries = await db.query(
    `delete from deliveries
     where status in ('sent', 'failed', 'suppressed') and created_at < now() - make_interval(days => $1)`,
    [retentionDays],
  );
  const sink = await db.query('delete from mail_sink where created_at < now() - make_interval(days => $1)', [
    retentionDays,
  ]);
  return deliveries.rowCount + sink.rowCount;
}

/** Prunes now and then hourly; returns the stop function. */
export function startPruning(
  db: SqlDatabase,
  retentionDays: number,
  onError: (error: unknown) => void,
): () => void {
  const prune = () => void pruneDeliveryLog(db, retentionDays).catch(onError);
  prune();
  const timer = setInterval(prune, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
