// The site's footer: the shop's own pages (from the content pages the admin keeps), the
// shopper's account links, and the API reference.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../app/api-context';
import { useRegion } from '../region/region-context';

// The order the footer lists the demo pages in; pages an admin adds follow, by title.
const ORDER = ['about', 'contact', 'shipping', 'returns', 'terms', 'privacy'];

export function SiteFooter() {
  const api = useApi();
  const pages = useQuery({
    queryKey: ['pages'],
    queryFn: ({ signal }) => api.pages.list(signal),
    staleTime: 5 * 60_000,
  });
  const items = [...(pages.data?.items ?? [])].sort((a, b) => {
    const rank = (slug: string) => (ORDER.includes(slug) ? ORDER.indexOf(slug) : ORDER.length);
    return rank(a.slug) - rank(b.slug) || a.title.localeCompare(b.title);
  });
  return (
    <footer className="site-footer">
      <div className="footer-columns">
        <nav aria-labelledby="footer-shop">
          <h2 id="footer-shop">Emporium</h2>
          <ul>
            {items.map((page) => (
              <li key={page.slug}>
                <Link to={`/pages/${page.slug}`}>{page.title}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <nav aria-labelledby="footer-account">
          <h2 id="footer-account">Your account</h2>
          <ul>
            <li>
              <Link to="/account/orders">Your orders</Link>
            </li>
            <li>
              <Link to="/account">Account settings</Link>
            </li>
          </ul>
        </nav>
        <nav aria-labelledby="footer-developers">
          <h2 id="footer-developers">Developers</h2>
          <ul>
            <li>
              {/* A full page load: the reference is served by the gateway, not this app. */}
              <a href="/api/docs">API reference</a>
            </li>
          </ul>
        </nav>
      </div>
      <FooterNote />
    </footer>
  );
}

/** What the prices shown hold: VAT in the EU and UK, tax added at checkout in the US. */
function FooterNote() {
  const { region } = useRegion();
  if (!region) return <p className="footer-note">Emporium</p>;
  return (
    <p className="footer-note">
      Emporium — prices in {region.currency}, {region.taxInclusive ? 'VAT included' : 'tax added at checkout'}
      .
    </p>
  );
}
