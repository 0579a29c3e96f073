// Every page is its own chunk (React.lazy): the first page loads only the shell and itself, and
// the admin pages come in one chunk of their own, loaded by admins only.
import { lazy, useEffect, useRef } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { Shell } from '../layout/Shell';
import { RequireAdmin, RequireUser } from './guards';

const named = <K extends string, M extends Record<K, React.ComponentType>>(load: () => Promise<M>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));

const loadHome = () => import('../pages/storefront/HomePage');
const loadListing = () => import('../pages/storefront/ListingPage');
const loadProduct = () => import('../pages/storefront/ProductPage');
const HomePage = named(loadHome, 'HomePage');
const ListingPage = named(loadListing, 'ListingPage');
const ProductPage = named(loadProduct, 'ProductPage');

/**
 * Starts fetching the storefront page a visit lands on while React is still starting, instead of
 * when the (sliced) first render reaches its route. The browser keeps the one module, so the
 * route's own import finds it loaded or on its way; a failure surfaces there, not here.
 */
export function preloadLandingPage(pathname: string): void {
  const load =
    pathname === '/'
      ? loadHome
      : pathname.startsWith('/c/') || pathname === '/search'
        ? loadListing
        : pathname.startsWith('/p/')
          ? loadProduct
          : undefined;
  load?.().catch(() => undefined);
}
const ContentPage = named(() => import('../pages/storefront/ContentPage'), 'ContentPage');
const CartPage = named(() => import('../pages/storefront/CartPage'), 'CartPage');
const CheckoutPage = named(() => import('../pages/storefront/CheckoutPage'), 'CheckoutPage');
const OrderPage = named(() => import('../pages/storefront/OrderPage'), 'OrderPage');
const OrdersPage = named(() => import('../pages/account/OrdersPage'), 'OrdersPage');
const AccountPage = named(() => import('../pages/account/AccountPage'), 'AccountPage');
const NotificationsPage = named(() => import('../pages/account/NotificationsPage'), 'NotificationsPage');
const SignInPage = named(() => import('../pages/auth/SignInPage'), 'SignInPage');
const SignUpPage = named(() => import('../pages/auth/SignUpPage'), 'SignUpPage');
const VerifyEmailPage = named(() => import('../pages/auth/VerifyEmailPage'), 'VerifyEmailPage');
const ForgotPasswordPage = named(() => import('../pages/auth/ForgotPasswordPage'), 'ForgotPasswordPage');
const ResetPasswordPage = named(() => import('../pages/auth/ResetPasswordPage'), 'ResetPasswordPage');
const NotFoundPage = named(() => import('../pages/NotFoundPage'), 'NotFoundPage');
const AdminApp = named(() => import('../admin/AdminApp'), 'AdminApp');

/** After a client-side navigation: back to the top, focus on the page so screen readers start there. */
function FocusOnNavigate() {
  const { pathname } = useLocation();
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each new path by design
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [pathname]);
  return null;
}

export function AppRoutes() {
  return (
    <Shell>
      <FocusOnNavigate />
      <Routes>
        <Route path="/" element={<HomePage />} />
        <Route path="/c/:slug" element={<ListingPage />} />
        <Route path="/search" element={<ListingPage />} />
        <Route path="/p/:slug" element={<ProductPage />} />
        <Route path="/pages/:slug" element={<ContentPage />} />
        <Route path="/cart" element={<CartPage />} />
        <Route path="/checkout" element={<CheckoutPage />} />
        <Route path="/orders/:orderId" element={<OrderPage />} />
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/signup" element={<SignUpPage />} />
        <Route path="/verify-email" element={<VerifyEmailPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route
          path="/account"
          element={
            <RequireUser>
              <AccountPage />
            </RequireUser>
          }
        />
        <Route
          path="/account/orders"
          element={
            <RequireUser>
              <OrdersPage />
            </RequireUser>
          }
        />
        <Route
          path="/notifications"
          element={
            <RequireUser>
              <NotificationsPage />
            </RequireUser>
          }
        />
        <Route
          path="/admin/*"
          element={
            <RequireAdmin>
              <AdminApp />
            </RequireAdmin>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Shell>
  );
}
