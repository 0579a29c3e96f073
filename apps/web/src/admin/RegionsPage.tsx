// Regions for admins: where the shop sells, in which currency, and how tax shows in its prices.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../app/api-context';
import { useTitle } from '../app/use-title';
import { Empty, ErrorState, Loading } from '../components/states';

export function RegionsPage() {
  useTitle('Regions · Admin');
  const api = useApi();
  const regions = useQuery({ queryKey: ['admin', 'regions'], queryFn: () => api.admin.regions.list() });
  return (
    <>
      <h1>Regions</h1>
      <p className="muted">
        A shopper's region follows the country they ship to; it sets the currency, how tax shows in prices,
        the shipping options and the return window.
      </p>
      {regions.isLoading ? <Loading /> : null}
      {regions.error ? <ErrorState error={regions.error} onRetry={() => regions.refetch()} /> : null}
      {regions.data && regions.data.length === 0 ? <Empty title="No regions: nothing can be sold" /> : null}
      {regions.data && regions.data.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" aria-label="Regions">
            <thead>
              <tr>
                <th scope="col">Region</th>
                <th scope="col">Currency</th>
                <th scope="col">Countries</th>
                <th scope="col">Prices</th>
                <th scope="col">Returns</th>
              </tr>
            </thead>
            <tbody>
              {regions.data.map((region) => (
                <tr key={region.id}>
                  <td>
                    <Link to={`/admin/regions/${region.id}`}>{region.name}</Link>
                  </td>
                  <td>{region.currency}</td>
                  <td>{region.countries.join(', ')}</td>
                  <td>{region.taxInclusive ? 'Include tax' : 'Tax added at checkout'}</td>
                  <td>{region.returnWindowDays} days</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
