// The admin pages, one lazily loaded chunk: only admins ever download it.
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { useTitle } from '../app/use-title';
import { AdminOrderPage } from './AdminOrderPage';
import { AdminOrdersPage } from './AdminOrdersPage';
import { AdminProductsPage } from './AdminProductsPage';
import { AdminUserPage, AdminUsersPage } from './AdminUsersPage';
import { ContentPageEditorPage, ContentPagesPage } from './ContentPagesPage';
import { CustomerGroupsPage } from './CustomerGroupsPage';
import { DeliveriesPage } from './DeliveriesPage';
import { PriceListsPage } from './PriceListsPage';
import { ProductEditorPage } from './ProductEditorPage';
import { PromotionsPage } from './PromotionsPage';
import { RegionPage } from './RegionPage';
import { RegionsPage } from './RegionsPage';
import { ReviewModerationPage } from './ReviewModerationPage';
import { StockPage } from './StockPage';

const sections = [
  { to: '/admin/orders', label: 'Orders' },
  { to: '/admin/products', label: 'Products' },
  { to: '/admin/stock', label: 'Stock' },
  { to: '/admin/promotions', label: 'Promotions' },
  { to: '/admin/price-lists', label: 'Price lists' },
  { to: '/admin/customer-groups', label: 'Customer groups' },
  { to: '/admin/regions', label: 'Regions' },
  { to: '/admin/reviews', label: 'Reviews' },
  { to: '/admin/pages', label: 'Pages' },
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/notifications', label: 'Notifications' },
];

export function AdminApp() {
  useTitle('Admin');
  return (
    <div className="admin-layout">
      <nav className="admin-nav" aria-label="Admin">
        <ul>
          {sections.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to}>{section.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div>
        <Routes>
          <Route index element={<Navigate to="orders" replace />} />
          <Route path="orders" element={<AdminOrdersPage />} />
          <Route path="orders/:orderId" element={<AdminOrderPage />} />
          <Route path="products" element={<AdminProductsPage />} />
          <Route path="products/new" element={<ProductEditorPage />} />
          <Route path="products/:id" element={<ProductEditorPage />} />
          <Route path="stock" element={<StockPage />} />
          <Route path="promotions" element={<PromotionsPage />} />
          <Route path="price-lists" element={<PriceListsPage />} />
          <Route path="customer-groups" element={<CustomerGroupsPage />} />
          <Route path="regions" element={<RegionsPage />} />
          <Route path="regions/:regionId" element={<RegionPage />} />
          <Route path="reviews" element={<ReviewModerationPage />} />
          <Route path="pages" element={<ContentPagesPage />} />
          <Route path="pages/:slug" element={<ContentPageEditorPage />} />
          <Route path="users" element={<AdminUsersPage />} />
          <Route path="users/:id" element={<AdminUserPage />} />
          <Route path="notifications" element={<DeliveriesPage />} />
        </Routes>
      </div>
    </div>
  );
}
