// Products for admins. The product service has no admin listing yet, so this searches the
// active catalog (drafts and archived products are opened by id).
import { formatMoney } from '@emporium/api-client';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../app/api-context';
import { useTitle } from '../app/use-title';
import { Empty, ErrorState, Loading } from '../components/states';
import { useDebounced } from '../layout/use-debounced';

export function AdminProductsPage() {
  useTitle('Products · Admin');
  const api = useApi();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [openId, setOpenId] = useState('');
  const q = useDebounced(text.trim(), 250);
  const products = useQuery({
    queryKey: ['admin', 'products', q],
    queryFn: ({ signal }) => api.catalog.search({ q: q || undefined, limit: 50 }, signal),
  });
  const open = (event: FormEvent) => {
    event.preventDefault();
    if (openId.trim()) navigate(`/admin/products/${encodeURIComponent(openId.trim())}`);
  };

  return (
    <>
      <div className="order-header">
        <h1>Products</h1>
        <Link to="/admin/products/new" className="button button-primary">
          New product
        </Link>
      </div>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="product-search">Search active products</label>
          <input id="product-search" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <form className="toolbar" onSubmit={open} aria-label="Open a product by id">
          <div className="field">
            <label htmlFor="product-id">Product id (any status)</label>
            <input id="product-id" value={openId} onChange={(e) => setOpenId(e.target.value)} />
          </div>
          <button type="submit" className="button">
            Open
          </button>
        </form>
      </div>
      {products.isLoading ? <Loading /> : null}
      {products.error ? <ErrorState error={products.error} onRetry={() => products.refetch()} /> : null}
      {products.data?.items.length === 0 ? <Empty title="No products match" /> : null}
      {products.data && products.data.items.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Active products</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Brand</th>
                <th scope="col">Category</th>
                <th scope="col" className="numeric">
                  From
                </th>
                <th scope="col">Stock</th>
              </tr>
            </thead>
            <tbody>
              {products.data.items.map((product) => (
                <tr key={product.id}>
                  <td>
                    <Link to={`/admin/products/${product.id}`}>{product.title}</Link>
                  </td>
                  <td>{product.brand}</td>
                  <td>{product.category}</td>
                  <td className="numeric">{product.price ? formatMoney(product.price) : '—'}</td>
                  <td>{product.inStock ? 'In stock' : <span className="badge badge-bad">Sold out</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
