-- Product reviews, the purchases that make a shopper eligible to write one, each product's
-- rating aggregate, and the shop's content pages. All beside the stock, in SQL, so a review, its
-- aggregate and its event commit in one transaction (docs/decisions/0014-reviews-in-the-product-service.md).

-- Read model of order events: which account bought which product in which order. A cancelled
-- order's rows stay as tombstones, so a confirmation delivered after its cancellation is ignored.
create table if not exists review_purchases (
  order_id text not null,
  product_id text not null,
  user_id text not null,
  cancelled boolean not null default false,
  primary key (order_id, product_id)
);
create index if not exists review_purchases_by_buyer on review_purchases (user_id, product_id);

create table if not exists reviews (
  id uuid primary key,
  product_id text not null,
  user_id text not null,
  display_name text not null,
  rating smallint not null check (rating between 1 and 5),
  title text not null,
  body text not null,
  status text not null default 'published' check (status in ('published', 'hidden')),
  hidden_reason text,
  hidden_by text,
  edited boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- One review per shopper and product: a second submission, even at the same moment, conflicts here.
  unique (product_id, user_id)
);
create index if not exists reviews_by_product on reviews (product_id, status, created_at desc, id desc);
create index if not exists reviews_for_moderation on reviews (status, created_at desc, id desc);

-- Published reviews per product, kept by the trigger below in the transaction of every review
-- change, so the numbers on product cards always equal the reviews shoppers can read.
create table if not exists review_ratings (
  product_id text primary key,
  review_count integer not null default 0 check (review_count >= 0),
  rating_sum integer not null default 0 check (rating_sum >= 0),
  stars_1 integer not null default 0,
  stars_2 integer not null default 0,
  stars_3 integer not null default 0,
  stars_4 integer not null default 0,
  stars_5 integer not null default 0,
  updated_at timestamptz not null default now()
);
create index if not exists review_ratings_changed on review_ratings (updated_at);

-- Adds (p_sign 1) or removes (-1) one published review's rating. A removal only ever follows an
-- addition, so it updates the existing row (an upsert would check its negative insert values).
create or replace function review_ratings_apply(p_product text, p_rating integer, p_sign integer)
returns void language plpgsql as $$
begin
  if p_sign > 0 then
    insert into review_ratings (product_id) values (p_product) on conflict (product_id) do nothing;
  end if;
  update review_ratings set
    review_count = review_count + p_sign,
    rating_sum = rating_sum + p_sign * p_rating,
    stars_1 = stars_1 + case when p_rating = 1 then p_sign else 0 end,
    stars_2 = stars_2 + case when p_rating = 2 then p_sign else 0 end,
    stars_3 = stars_3 + case when p_rating = 3 then p_sign else 0 end,
    stars_4 = stars_4 + case when p_rating = 4 then p_sign else 0 end,
    stars_5 = stars_5 + case when p_rating = 5 then p_sign else 0 end,
    updated_at = clock_timestamp()
  where product_id = p_product;
end $$;

create or replace function reviews_keep_ratings() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.status = 'published' then
    perform review_ratings_apply(old.product_id, old.rating, -1);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.status = 'published' then
    perform review_ratings_apply(new.product_id, new.rating, 1);
  end if;
  return null;
end $$;

drop trigger if exists reviews_keep_ratings on reviews;
create trigger reviews_keep_ratings after insert or update of rating, status or delete on reviews
  for each row execute function reviews_keep_ratings();

create table if not exists content_pages (
  slug text primary key,
  title text not null,
  body text not null,
  version integer not null default 1,
  updated_at timestamptz not null default now()
);
