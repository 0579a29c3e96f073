// The GraphQL read model over the catalog, the cart, orders, the viewer's profile and notifications.
// Every field is resolved through the owning service's REST API (shapes in @emporium/contracts).
export const schema = /* GraphQL */ `
  type Money {
    "minor units, e.g. cents"
    amount: Int!
    currency: String!
  }

  type Category {
    slug: String!
    name: String!
    children: [Category!]!
    "Active products in this category."
    products(first: Int = 20): [ProductSummary!]!
  }

  type Variant {
    sku: String!
    title: String!
    price: Money!
    available: Int!
  }

  type Product {
    id: ID!
    slug: String!
    title: String!
    description: String
    brand: String
    images: [String!]!
    category: Category
    variants: [Variant!]!
  }

  type ProductSummary {
    id: ID!
    slug: String!
    title: String!
    brand: String
    image: String
    price: Money!
    inStock: Boolean!
    category: Category
    "The full product page (one catalog read per distinct product)."
    details: Product
  }

  type ProductPage {
    items: [ProductSummary!]!
    total: Int!
    nextCursor: String
  }

  "A purchasable variant as the catalog has it now; looked up in batches by SKU."
  type CatalogVariant {
    sku: String!
    productId: ID!
    slug: String!
    title: String!
    variantTitle: String
    price: Money!
    available: Int!
    status: String!
    image: String
    "The full product page (one catalog read per distinct product)."
    details: Product
  }

  type CartLine {
    sku: String!
    title: String!
    image: String
    quantity: Int!
    unitPrice: Money!
    lineTotal: Money!
    availability: String!
    product: CatalogVariant
  }

  type Cart {
    id: ID!
    status: String!
    lines: [CartLine!]!
    subtotal: Money
    notices: [String!]!
  }

  type OrderLine {
    sku: String!
    title: String!
    quantity: Int!
    unitPrice: Money!
    lineTotal: Money!
    product: CatalogVariant
  }

  type OrderTotals {
    subtotal: Money!
    shipping: Money!
    tax: Money!
    total: Money!
  }

  type Order {
    id: ID!
    orderNumber: String!
    status: String!
    createdAt: String!
    total: Money!
    "Read from the order itself (one call per order when the list did not include it)."
    lines: [OrderLine!]!
    totals: OrderTotals!
  }

  type Viewer {
    id: ID!
    roles: [String!]!
    email: String
    name: String
    phone: String
  }

  type Notification {
    id: ID!
    kind: String!
    title: String!
    body: String!
    link: String
    readAt: String
    createdAt: String!
  }

  type Query {
    product(slug: String!): Product
    products(search: String, category: String, first: Int = 20, after: String): ProductPage!
    "The category tree's roots."
    categories: [Category!]!
    "Signed-in shopper only."
    viewer: Viewer
    "A guest cart by id, or (signed in, no id) the shopper's own cart."
    cart(id: ID): Cart
    "Signed-in shopper only: their own orders, newest first."
    orders(first: Int = 20): [Order!]!
    "An order by id: the signed-in shopper's own, or a guest order (its id is the guest's credential)."
    order(id: ID!): Order
    "Signed-in shopper only."
    notifications(first: Int = 20): [Notification!]!
  }
`;
