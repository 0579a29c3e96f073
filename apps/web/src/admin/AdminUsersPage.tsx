// Users for admins: search by e-mail or name, page through, open one with profile and addresses.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../app/api-context';
import { useTitle } from '../app/use-title';
import { Empty, ErrorState, Loading } from '../components/states';
import { useDebounced } from '../layout/use-debounced';
import { formatDate } from '../orders/OrderView';

const PAGE = 25;

export function AdminUsersPage() {
  useTitle('Users · Admin');
  const api = useApi();
  const [text, setText] = useState('');
  const [offset, setOffset] = useState(0);
  const search = useDebounced(text.trim(), 250);
  const users = useQuery({
    queryKey: ['admin', 'users', search, offset],
    queryFn: () => api.admin.users.list({ search: search || undefined, limit: PAGE, offset }),
    placeholderData: (previous) => previous,
  });

  return (
    <>
      <h1>Users</h1>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="user-search">E-mail or name</label>
          <input
            id="user-search"
            type="search"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setOffset(0);
            }}
          />
        </div>
      </div>
      {users.isLoading ? <Loading /> : null}
      {users.error ? <ErrorState error={users.error} onRetry={() => users.refetch()} /> : null}
      {users.data?.items.length === 0 ? <Empty title="No users match" /> : null}
      {users.data && users.data.items.length > 0 ? (
        <>
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Users, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">E-mail</th>
                  <th scope="col">Name</th>
                  <th scope="col">Joined</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((user) => (
                  <tr key={user.id}>
                    <td>
                      <Link to={`/admin/users/${user.id}`}>{user.email}</Link>
                    </td>
                    <td>{user.name ?? '—'}</td>
                    <td>{formatDate(user.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="form-actions">
            <span>
              {offset + 1}–{offset + users.data.items.length} of {users.data.total}
            </span>
            <button
              type="button"
              className="button button-small"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              Previous
            </button>
            <button
              type="button"
              className="button button-small"
              disabled={offset + PAGE >= users.data.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              Next
            </button>
          </div>
        </>
      ) : null}
    </>
  );
}

export function AdminUserPage() {
  const api = useApi();
  const { id = '' } = useParams();
  const user = useQuery({ queryKey: ['admin', 'user', id], queryFn: () => api.admin.users.get(id) });
  useTitle(user.data ? `${user.data.email} · Admin` : 'User · Admin');
  if (user.isLoading) return <Loading />;
  if (user.error || !user.data) return <ErrorState error={user.error} onRetry={() => user.refetch()} />;
  const u = user.data;
  return (
    <>
      <p>
        <Link to="/admin/users">← All users</Link>
      </p>
      <h1>{u.name ?? u.email}</h1>
      <section className="card">
        <dl className="attributes">
          <div>
            <dt>E-mail</dt>
            <dd style={{ textTransform: 'none' }}>{u.email}</dd>
          </div>
          <div>
            <dt>Phone</dt>
            <dd>{u.phone ?? '—'}</dd>
          </div>
          <div>
            <dt>Joined</dt>
            <dd>{formatDate(u.createdAt)}</dd>
          </div>
        </dl>
        <p>
          <Link to={`/admin/orders?email=${encodeURIComponent(u.email)}`}>Orders of this user</Link>
        </p>
      </section>
      <section className="card">
        <h2>Addresses</h2>
        {u.addresses.length === 0 ? <p className="muted">None saved.</p> : null}
        <ul className="address-list">
          {u.addresses.map((address) => (
            <li key={address.id}>
              {address.name}, {address.line1}, {address.postalCode} {address.city}, {address.country}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
