// The demo shop's content pages, linked from the storefront's footer. Created only where missing,
// so an admin's edits are never overwritten by a later seed.
import type { ContentPageStore } from '../repositories/content-page-store.js';

export const DEMO_PAGES: { slug: string; title: string; body: string }[] = [
  {
    slug: 'about',
    title: 'About Emporium',
    body: `Emporium is a small online shop for everyday things made to last: clothing, kitchenware,
home goods and gear for the outdoors.

We pick every product ourselves, keep our range small, and publish honest reviews from people
who actually bought what they review.

- **Founded:** 2024
- **Warehouses:** Rotterdam and Columbus, Ohio
- **Team:** twelve people who answer their own e-mail`,
  },
  {
    slug: 'shipping',
    title: 'Shipping',
    body: `## Where we ship

We ship to the countries you can pick at checkout. Orders placed before 14:00 on a working day
leave our warehouse the same day.

## What it costs

| Destination | Standard (3–5 days) | Express (1–2 days) |
|---|---|---|
| Same country as the warehouse | Free over 50 | 9.95 |
| Elsewhere | 7.95 | 19.95 |

You can follow every parcel from **My orders** once it has shipped. Large orders may arrive in
more than one parcel.`,
  },
  {
    slug: 'returns',
    title: 'Returns and refunds',
    body: `Changed your mind? You have **30 days** from delivery to return anything unused, in its
original packaging.

1. Open the order in **My orders** and choose *Return items*.
2. Pack the items and drop the parcel off with the carrier.
3. We refund to your original payment method within five working days of receiving it.

Faulty items are always returned at our cost. Gift cards and hygiene products opened after
delivery cannot be returned.`,
  },
  {
    slug: 'privacy',
    title: 'Privacy policy',
    body: `We collect only what we need to deliver your orders and run your account: your name,
e-mail address, shipping addresses and order history. Payment details go straight to our payment
provider and never reach our servers.

We do not sell your data. We use it to ship orders, answer your questions and, only if you opt
in, to send you news. You can change your notification preferences or close your account at any
time from **My account**.

For any question about your data, write to privacy@emporium.example.`,
  },
  {
    slug: 'terms',
    title: 'Terms and conditions',
    body: `These terms apply to every order placed at Emporium.

- Prices include VAT where it applies and are shown in the currency of your region.
- A contract is formed when we confirm your order by e-mail.
- If an item turns out to be out of stock after you ordered, we cancel that item and refund it in full.
- Reviews must be about the product and written by its buyer; we hide reviews that are abusive,
  off topic or advertise something.

These terms are governed by Dutch law.`,
  },
  {
    slug: 'contact',
    title: 'Contact us',
    body: `We read every message and answer within one working day.

- **E-mail:** hello@emporium.example
- **Phone:** +31 10 000 0000 (Monday to Friday, 9:00–17:00 CET)
- **Post:** Emporium, Havenstraat 1, 3011 AA Rotterdam, the Netherlands

For a question about an order, include its number (it starts with EMP-).`,
  },
];

/** Creates the demo pages that do not exist yet; returns how many it created. */
export async function seedContentPages(pages: ContentPageStore): Promise<number> {
  let created = 0;
  for (const page of DEMO_PAGES) {
    const outcome = await pages.write(page, undefined);
    if (outcome.outcome === 'written') created += 1;
  }
  return created;
}
