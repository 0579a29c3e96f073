// The GraphQL API: a read model over the catalog, the cart, orders, the viewer's profile and
// notifications, and mutations for the cart and checkout. Every field is resolved through the owning
// service's REST API, and inputs mirror its request bodies (shapes in @emporium/contracts).
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
    "Active products in this category, priced in currency (default USD)."
    products(first: Int = 20, currency: String): [ProductSummary!]!
  }

  type Variant {
    sku: String!
    title: String!
    "In the currency the product was read in (default USD); null: not sold in it."
    price: Money
    "One per currency the variant is sold in."
    prices: [Money!]!
    taxClass: String!
    weightGrams: Int!
    available: Int!
  }

  "Published reviews' average (one decimal) and count."
  type Rating {
    average: Float!
    count: Int!
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
    "Absent until the product has a published review."
    rating: Rating
  }

  type ProductSummary {
    id: ID!
    slug: String!
    title: String!
    brand: String
    image: String
    "The lowest price in the listing's currency; null: not sold in it."
    price: Money
    inStock: Boolean!
    "Absent until the product has a published review."
    rating: Rating
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
    "The price in currency (default USD); null: not sold in it."
    price(currency: String = "USD"): Money
    prices: [Money!]!
    taxClass: String!
    weightGrams: Int!
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
    "Prices in currency (ISO 4217, default USD)."
    product(slug: String!, currency: String): Product
    products(search: String, category: String, first: Int = 20, after: String, currency: String): ProductPage!
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

  "A postal address, as the order service takes it (country: ISO 3166-1 alpha-2, e.g. GB)."
  input AddressInput {
    name: String!
    line1: String!
    line2: String
    city: String!
    postalCode: String!
    region: String
    country: String!
    phone: String
  }

  enum ShippingMethod {
    standard
    express
  }

  "The body of POST /api/v1/orders."
  input PlaceOrderInput {
    cartId: ID!
    email: String!
    shippingAddress: AddressInput!
    "Defaults to the shipping address."
    billingAddress: AddressInput
    shippingMethod: ShippingMethod!
    "From the payment provider's client-side tokenisation."
    paymentToken: String!
  }

  "Each mutation is the order service's own REST operation; its rules, and its problems, apply."
  type Mutation {
    "A new guest cart; signed in, the shopper's active cart (created when they have none)."
    createCart: Cart!
    "Adds quantity (1–999) of a SKU to the cart, on top of any already in it."
    addCartLine(cartId: ID!, sku: String!, quantity: Int!): Cart!
    "Sets a line's quantity (1–999)."
    updateCartLine(cartId: ID!, sku: String!, quantity: Int!): Cart!
    removeCartLine(cartId: ID!, sku: String!): Cart!
    "Signed in only: moves a guest cart's lines into the shopper's own cart (quantities add up) and answers that cart."
    mergeCart(cartId: ID!): Cart!
    """
    Checks the cart out, as a guest or signed in. Send the same idempotencyKey when retrying: the same
    key and input return the same order, the same key with another input is refused (status 422).
    Counts against the checkout quota shared with REST.
    """
    placeOrder(input: PlaceOrderInput!, idempotencyKey: String!): Order!
  }
`;
