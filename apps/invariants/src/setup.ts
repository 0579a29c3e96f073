// Before the clients start: the admin signs in and creates a small catalog of its own, with little
// stock per variant, so checkouts contend for the last units and sell out now and then.
import type { Api } from './api.js';
import type { Random } from './random.js';

export interface Catalog {
  adminToken: string;
  products: { id: string; skus: string[] }[];
  skus: string[];
}

const SETUP_CLIENT = -1;

export async function signInAdmin(api: Api, admin: { email: string; password: string }): Promise<string> {
  const login = await api.call<{ accessToken?: string }>(SETUP_CLIENT, {
    kind: 'admin-login',
    method: 'POST',
    path: '/auth/login',
    body: admin,
  });
  if (login.status !== 200 || !login.body.accessToken) {
    throw new Error(`the admin could not sign in: ${login.status} ${JSON.stringify(login.body)}`);
  }
  return login.body.accessToken;
}

export async function createCatalog(
  api: Api,
  admin: { email: string; password: string },
  random: Random,
  productCount: number,
): Promise<Catalog> {
  const adminToken = await signInAdmin(api, admin);
  const category = await api.call(SETUP_CLIENT, {
    kind: 'create-category',
    method: 'PUT',
    path: '/admin/categories/invariants',
    body: { name: 'Invariants' },
    token: adminToken,
  });
  if (category.status >= 300)
    throw new Error(`category: ${category.status} ${JSON.stringify(category.body)}`);
  const products: Catalog['products'] = [];
  for (let p = 0; p < productCount; p++) {
    const skus = [`INV-${p}-A`, `INV-${p}-B`];
    const created = await api.call<{ id?: string }>(SETUP_CLIENT, {
      kind: 'create-product',
      method: 'POST',
      path: '/admin/products',
      token: adminToken,
      body: {
        slug: `invariants-product-${p}`,
        title: `Invariants product ${p}`,
        brand: 'Invariants',
        category: 'invariants',
        status: 'active',
        variants: skus.map((sku, v) => ({
          sku,
          title: `Variant ${v}`,
          prices: [{ amount: random.int(5, 120) * 100 + 99, currency: 'USD' }],
          stock: random.int(4, 12),
        })),
      },
      refs: skus.map((sku) => `sku:${sku}`),
    });
    if (created.status !== 201 || !created.body.id) {
      throw new Error(`product: ${created.status} ${JSON.stringify(created.body)}`);
    }
    products.push({ id: created.body.id, skus });
  }
  return { adminToken, products, skus: products.flatMap((product) => product.skus) };
}
