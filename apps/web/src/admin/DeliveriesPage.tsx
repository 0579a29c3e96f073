// The notification delivery log: every e-mail queued, sent, failed or suppressed, with the reason
// a mail failed, its text, and a retry for failed ones.
import type { Delivery, DeliveryQuery } from '@emporium/api-client';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../app/api-context';
import { useTitle } from '../app/use-title';
import { Empty, ErrorState, FormError, Loading } from '../components/states';
import { useDebounced } from '../layout/use-debounced';
import { formatDate } from '../orders/OrderView';

const STATUSES: NonNullable<DeliveryQuery['status']>[] = [
  'pending',
  'sending',
  'sent',
  'failed',
  'suppressed',
];
const tone = (status: Delivery['status']) =>
  status === 'sent' ? 'ok' : status === 'failed' ? 'bad' : 'muted';

function DeliveryDetail({ id }: { id: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: ['admin', 'delivery', id],
    queryFn: () => api.admin.deliveries.get(id),
  });
  const retry = useMutation({
    mutationFn: () => api.admin.deliveries.retry(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'deliveries'] }),
  });
  if (detail.isLoading) return <Loading />;
  if (detail.error || !detail.data) return <ErrorState error={detail.error} />;
  return (
    <div>
      {detail.data.status === 'failed' ? (
        <button
          type="button"
          className="button button-small"
          onClick={() => retry.mutate()}
          disabled={retry.isPending}
        >
          Send again
        </button>
      ) : null}
      <FormError error={retry.error} />
      <pre className="mail-preview">{detail.data.text}</pre>
    </div>
  );
}

export function DeliveriesPage() {
  useTitle('Notifications · Admin');
  const api = useApi();
  const [status, setStatus] = useState<DeliveryQuery['status']>();
  const [recipientText, setRecipientText] = useState('');
  const [openId, setOpenId] = useState<string>();
  const recipient = useDebounced(recipientText.trim(), 250);
  const query: DeliveryQuery = {
    ...(status ? { status } : {}),
    ...(recipient ? { recipient } : {}),
    limit: 25,
  };
  const log = useInfiniteQuery({
    queryKey: ['admin', 'deliveries', query],
    queryFn: ({ pageParam }) =>
      api.admin.deliveries.list({ ...query, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = log.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <h1>Notification deliveries</h1>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="delivery-status">Status</label>
          <select
            id="delivery-status"
            value={status ?? ''}
            onChange={(e) => setStatus((e.target.value || undefined) as DeliveryQuery['status'])}
          >
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="delivery-recipient">Recipient starts with</label>
          <input
            id="delivery-recipient"
            type="search"
            value={recipientText}
            onChange={(e) => setRecipientText(e.target.value)}
          />
        </div>
      </div>
      {log.isLoading ? <Loading /> : null}
      {log.error ? <ErrorState error={log.error} onRetry={() => log.refetch()} /> : null}
      {log.data && rows.length === 0 ? <Empty title="No deliveries match" /> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{formatDate(delivery.createdAt)}</td>
                  <td>{delivery.recipient}</td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={openId === delivery.id}
                      onClick={() => setOpenId(openId === delivery.id ? undefined : delivery.id)}
                    >
                      {delivery.subject}
                    </button>
                    {delivery.lastError ? <p className="field-error">{delivery.lastError}</p> : null}
                    {openId === delivery.id ? <DeliveryDetail id={delivery.id} /> : null}
                  </td>
                  <td>
                    <span className={`badge badge-${tone(delivery.status)}`}>{delivery.status}</span>
                  </td>
                  <td className="numeric">{delivery.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {log.hasNextPage ? (
        <button type="button" className="button" onClick={() => log.fetchNextPage()}>
          Older deliveries
        </button>
      ) : null}
    </>
  );
}
