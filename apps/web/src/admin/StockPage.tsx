// Stock for admins: variants at or below their low-stock threshold, restocked in place, a
// restock by SKU for anything else, the stock locations, and one SKU's units per location
// (with transfers) and history with its adjustments and counts.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { useTitle } from '../app/use-title';
import { Field } from '../components/Field';
import { Empty, ErrorState, FormError, Loading } from '../components/states';
import { StockByLocationPanel } from './StockByLocationPanel';
import { StockLedgerPanel } from './StockLedgerPanel';
import { StockLocationsPanel } from './StockLocationsPanel';

export function StockPage() {
  useTitle('Stock · Admin');
  const api = useApi();
  const queryClient = useQueryClient();
  const low = useQuery({ queryKey: ['admin', 'stock', 'low'], queryFn: () => api.admin.stock.low() });
  const [sku, setSku] = useState('');
  const [quantity, setQuantity] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [historySku, setHistorySku] = useState('');
  const [shownSku, setShownSku] = useState<string>();
  const restock = useMutation({
    mutationFn: (line: { sku: string; quantity: number }) => api.admin.stock.restock(line.sku, line.quantity),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'stock'] }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!sku.trim()) found.sku = 'Enter the SKU.';
    if (!/^[1-9]\d*$/.test(quantity)) found.quantity = 'Enter how many units arrived (1 or more).';
    setErrors(found);
    if (Object.keys(found).length === 0) restock.mutate({ sku: sku.trim(), quantity: Number(quantity) });
  };

  return (
    <>
      <h1>Stock</h1>
      <section className="card" aria-labelledby="restock-heading">
        <h2 id="restock-heading">Receive stock</h2>
        <form onSubmit={submit} noValidate className="toolbar">
          <Field
            label="SKU"
            name="sku"
            value={sku}
            error={errors.sku}
            onChange={(e) => setSku(e.target.value)}
          />
          <Field
            label="Units received"
            name="quantity"
            inputMode="numeric"
            value={quantity}
            error={errors.quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
          <button type="submit" className="button button-primary" disabled={restock.isPending}>
            Restock
          </button>
        </form>
        <FormError error={restock.error} />
        <p role="status">
          {restock.data
            ? `${restock.data.sku}: ${restock.data.available} available, ${restock.data.reserved} reserved.`
            : ''}
        </p>
      </section>
      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">History and adjustments</h2>
        <form
          noValidate
          className="toolbar"
          onSubmit={(event) => {
            event.preventDefault();
            if (historySku.trim()) setShownSku(historySku.trim());
          }}
        >
          <Field
            label="SKU to inspect"
            name="historySku"
            value={historySku}
            onChange={(e) => setHistorySku(e.target.value)}
          />
          <button type="submit" className="button">
            Show history
          </button>
        </form>
      </section>
      {shownSku ? <StockByLocationPanel key={`locations-${shownSku}`} sku={shownSku} /> : null}
      {shownSku ? <StockLedgerPanel key={shownSku} sku={shownSku} /> : null}
      <StockLocationsPanel />
      <section aria-labelledby="low-heading">
        <h2 id="low-heading">Running low</h2>
        {low.isLoading ? <Loading /> : null}
        {low.error ? <ErrorState error={low.error} onRetry={() => low.refetch()} /> : null}
        {low.data?.length === 0 ? <Empty title="Nothing is running low" /> : null}
        {low.data && low.data.length > 0 ? (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">SKU</th>
                  <th scope="col">Product</th>
                  <th scope="col" className="numeric">
                    Available
                  </th>
                  <th scope="col" className="numeric">
                    Reserved
                  </th>
                  <th scope="col" className="numeric">
                    Threshold
                  </th>
                  <th scope="col">Restock</th>
                  <th scope="col">History</th>
                </tr>
              </thead>
              <tbody>
                {low.data.map((level) => (
                  <tr key={level.sku}>
                    <td>{level.sku}</td>
                    <td>{level.title}</td>
                    <td className="numeric">{level.available}</td>
                    <td className="numeric">{level.reserved}</td>
                    <td className="numeric">{level.lowStockThreshold}</td>
                    <td>
                      <button
                        type="button"
                        className="button button-small"
                        disabled={restock.isPending}
                        onClick={() =>
                          restock.mutate({
                            sku: level.sku,
                            quantity: Math.max(10, level.lowStockThreshold * 3),
                          })
                        }
                      >
                        +{Math.max(10, level.lowStockThreshold * 3)}
                        <span className="visually-hidden"> units of {level.sku}</span>
                      </button>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => setShownSku(level.sku)}
                      >
                        History<span className="visually-hidden"> of {level.sku}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
