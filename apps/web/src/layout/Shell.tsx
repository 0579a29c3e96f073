// The frame of every page: skip link, header (brand, search, account, bell, cart), the category
// navigation, the routed page, and the footer.
import { BRAND_NAME } from '@emporium/contracts/brand';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, Suspense } from 'react';
import { Link, NavLink } from 'react-router';
import { useApi } from '../app/api-context';
import { useAuth } from '../auth/auth-context';
import { SignOutButton } from '../auth/SignOutButton';
import { useCart } from '../cart/cart-context';
import { Loading } from '../components/states';
import { NotificationBell } from '../notifications/NotificationBell';
import { RegionSelect } from '../region/RegionSelect';
import { BrandMark } from './BrandMark';
import { SearchBox } from './SearchBox';
import { SiteFooter } from './SiteFooter';

function CategoryNav() {
  const api = useApi();
  const categories = useQuery({
    queryKey: ['catalog', 'categories'],
    queryFn: ({ signal }) => api.catalog.categories(signal),
    staleTime: 5 * 60_000,
  });
  if (!categories.data) return <nav className="category-nav" aria-label="Categories" />;
  return (
    <nav className="category-nav" aria-label="Categories">
      <ul>
        {categories.data.map((category) => (
          <li key={category.slug}>
            <NavLink to={`/c/${category.slug}`}>{category.name}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function AccountLinks() {
  const { user, isAdmin, ready } = useAuth();
  if (!ready) return <span className="account-links" />;
  if (!user) {
    return (
      <span className="account-links">
        <Link to="/signin">Sign in</Link>
      </span>
    );
  }
  return (
    <span className="account-links">
      {isAdmin ? <Link to="/admin">Admin</Link> : null}
      <Link to="/account">Account</Link>
      <SignOutButton className="link-button header-sign-out" />
    </span>
  );
}

function CartLink() {
  const { itemCount } = useCart();
  return (
    <Link
      to="/cart"
      className="cart-link"
      aria-label={`Cart, ${itemCount} ${itemCount === 1 ? 'item' : 'items'}`}
    >
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
        <path
          fill="currentColor"
          d="M7 18a2 2 0 1 1 0 4 2 2 0 0 1 0-4Zm10 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4ZM3 2h2.6l.8 3H21l-2.4 9H7.7l-.5 2H19v2H4.6l1.2-4.6L3.1 4H1V2h2Z"
        />
      </svg>
      {itemCount > 0 ? <span className="count-badge">{itemCount}</span> : null}
    </Link>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="site-header">
        <div className="header-row">
          <Link to="/" className="brand" aria-label="Emporium home">
            <BrandMark />
            <span>{BRAND_NAME}</span>
          </Link>
          <SearchBox />
          <div className="header-actions">
            <RegionSelect />
            <AccountLinks />
            {user ? <NotificationBell /> : null}
            <CartLink />
          </div>
        </div>
        <CategoryNav />
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>{children}</Suspense>
      </main>
      <SiteFooter />
    </>
  );
}
