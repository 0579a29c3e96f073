// Keeps the delivery log (and the embedded sink) from growing forever: rows in a final state
// older than the retention period are deleted; mail still to be sent is never touched.
import type { SqlDatabase } from '@emporium/platform';
import { pruneFinishedDeliveries } from '../repositories/deliveries.js';
import { pruneSinkMail } from '../repositories/mail-sink.js';

const HOUR_MS = 3_600_000;

export async function pruneDeliveryLog(db: SqlDatabase, retentionDays: number): Promise<number> {
  return (await pruneFinishedDeliveries(db, retentionDays)) + (await pruneSinkMail(db, retentionDays));
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
