// A product: images, the chosen variant's price and stock, variant choice by option, quantity,
// and "Add to cart" with the outcome said in words (added, or why not).
import { ApiError, type MediaImage, type Product } from '@emporium/api-client';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useApi } from '../../app/api-context';
import { useTitle } from '../../app/use-title';
import { useCart } from '../../cart/cart-context';
import { DeliveryAndReturns } from '../../catalog/DeliveryAndReturns';
import { ImageZoom } from '../../catalog/ImageZoom';
import { RecentlyViewed, RelatedProducts } from '../../catalog/ProductShelves';
import { rememberViewed } from '../../catalog/recently-viewed';
import { ResponsiveImage } from '../../components/ResponsiveImage';
import { Stars } from '../../components/Stars';
import { ErrorState, Loading, messageOf } from '../../components/states';
import { useRegion } from '../../region/region-context';
import { ProductReviews } from '../../reviews/ProductReviews';
import { humanAttribute } from './listing-filters';
import { optionNames, optionValues, stockLabel, valueInStock, variantFor } from './variant-choice';
import { YourPrice } from './YourPrice';

// The main picture's width: half the page beside the purchase panel, the whole width on phones.
const GALLERY_SIZES = '(min-width: 1200px) 600px, (min-width: 900px) 50vw, 100vw';

/**
 * Uploaded images: the chosen variant's own (its colour) first, then the product's. The variant
 * is the one in `?sku=`, which the purchase panel keeps up to date.
 */
function MediaGallery({ product, media }: { product: Product; media: MediaImage[] }) {
  const [index, setIndex] = useState(0);
  const [zoomed, setZoomed] = useState(false);
  const image = media[index] ?? media[0]!;
  const closeZoom = useCallback(() => setZoomed(false), []);
  return (
    <div className="gallery">
      <div className="gallery-main">
        <button type="button" className="gallery-zoom" onClick={() => setZoomed(true)}>
          <ResponsiveImage image={image} sizes={GALLERY_SIZES} base="detail" priority />
          <span className="visually-hidden">Zoom in on {image.alt || product.title}</span>
        </button>
      </div>
      {zoomed ? <ImageZoom image={image} onClose={closeZoom} /> : null}
      {media.length > 1 ? (
        <ul className="gallery-thumbs">
          {media.map((item, i) => (
            <li key={item.id}>
              <button
                type="button"
                aria-label={`Show view ${i + 1} of ${media.length}: ${item.alt || product.title}`}
                aria-pressed={i === index}
                onClick={() => setIndex(i)}
              >
                <ResponsiveImage image={item} sizes="72px" base="thumbnail" alt="" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function Gallery({ product }: { product: Product }) {
  const [params] = useSearchParams();
  const variant = product.variants.find((v) => v.sku === params.get('sku')) ?? product.variants[0];
  // A product often shows its first colour's picture: listed once.
  const media = [
    ...new Map([...(variant?.media ?? []), ...product.media].map((image) => [image.id, image])).values(),
  ];
  const [index, setIndex] = useState(0);
  if (media.length > 0) return <MediaGallery key={variant?.sku} product={product} media={media} />;
  const image = product.images[index] ?? product.images[0];
  return (
    <div className="gallery">
      <div className="gallery-main">
        {image ? (
          <img
            src={image}
            alt={`${product.title} (${index + 1} of ${product.images.length})`}
            width={600}
            height={600}
          />
        ) : (
          <div className="gallery-placeholder" role="img" aria-label="No picture yet" />
        )}
      </div>
      {product.images.length > 1 ? (
        <ul className="gallery-thumbs">
          {product.images.map((src, i) => (
            <li key={src.slice(-40) + String(i)}>
              <button
                type="button"
                aria-label={`Show view ${i + 1}`}
                aria-pressed={i === index}
                onClick={() => setIndex(i)}
              >
                <img src={src} alt="" width={72} height={72} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function Purchase({ product }: { product: Product }) {
  const cart = useCart();
  const [params, setParams] = useSearchParams();
  const names = optionNames(product.variants);
  const initial =
    product.variants.find((v) => v.sku === params.get('sku')) ??
    product.variants.find((v) => v.available > 0) ??
    product.variants[0];
  const [chosen, setChosen] = useState<Record<string, string>>(initial?.options ?? {});
  const [variant, setVariant] = useState(initial);
  const [quantity, setQuantity] = useState(1);
  const [adding, setAdding] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();

  if (!variant) return null;
  const stock = stockLabel(variant);
  const archived = product.status !== 'active';

  const choose = (name: string, value: string) => {
    const next = { ...chosen, [name]: value };
    const picked = variantFor(product.variants, next, name);
    if (!picked) return;
    setChosen(picked.options);
    setVariant(picked);
    setOutcome(undefined);
    setQuantity(1);
    setParams({ sku: picked.sku }, { replace: true });
  };

  const add = async () => {
    setAdding(true);
    setOutcome(undefined);
    try {
      await cart.add(variant.sku, quantity);
      setOutcome({
        ok: true,
        text: `Added ${quantity} × ${product.title}${variant.title ? ` (${variant.title})` : ''} to your cart.`,
      });
    } catch (error) {
      setOutcome({
        ok: false,
        text:
          error instanceof ApiError && error.slug === 'insufficient-stock'
            ? messageOf(error)
            : `Could not add it: ${messageOf(error)}`,
      });
    } finally {
      setAdding(false);
    }
  };

  return (
    <div className="purchase">
      <div className="product-price">
        <YourPrice sku={variant.sku} price={variant.price} />
      </div>
      <p className={`stock stock-${stock.tone}`}>{archived ? 'No longer sold' : stock.text}</p>

      {names.map((name) => (
        <fieldset key={name} className="option-group">
          <legend>{humanAttribute(name)}</legend>
          <div className="option-values">
            {optionValues(product.variants, name).map((value) => {
              const inStock = valueInStock(product.variants, chosen, name, value);
              return (
                <label key={value} className={`option${inStock ? '' : ' option-out'}`}>
                  <input
                    type="radio"
                    name={`option-${name}`}
                    value={value}
                    checked={chosen[name] === value}
                    onChange={() => choose(name, value)}
                  />
                  <span>
                    {value}
                    {inStock ? null : <span className="visually-hidden"> (sold out)</span>}
                  </span>
                </label>
              );
            })}
          </div>
        </fieldset>
      ))}

      <div className="purchase-row">
        <div className="field field-quantity">
          <label htmlFor="quantity">Quantity</label>
          <input
            id="quantity"
            type="number"
            min={1}
            max={Math.max(1, Math.min(variant.available, 999))}
            value={quantity}
            onChange={(event) => setQuantity(Math.max(1, Math.min(999, Number(event.target.value) || 1)))}
          />
        </div>
        <button
          type="button"
          className="button button-primary"
          onClick={add}
          disabled={adding || archived || variant.available <= 0 || !variant.price}
        >
          {adding ? 'Adding…' : variant.available <= 0 ? 'Sold out' : 'Add to cart'}
        </button>
      </div>
      <div role="status" aria-live="polite" className="purchase-outcome">
        {outcome ? (
          <p className={outcome.ok ? 'notice notice-success' : 'notice notice-error'}>
            {outcome.text} {outcome.ok ? <Link to="/cart">View cart</Link> : null}
          </p>
        ) : null}
      </div>
    </div>
  );
}

export function ProductPage() {
  const api = useApi();
  const { currency } = useRegion();
  const { slug = '' } = useParams();
  const product = useQuery({
    queryKey: ['catalog', 'product', slug, currency],
    queryFn: ({ signal }) => api.catalog.product(slug, signal, currency),
  });
  useTitle(product.data?.title);
  const viewed = product.data?.status === 'active' ? product.data.slug : undefined;
  useEffect(() => {
    if (viewed) rememberViewed(viewed);
  }, [viewed]);

  // The page is rendered deferred: React renders it in slices that yield to the browser instead
  // of one long task the moment the answer arrives. Until the deferred render has caught up with
  // this product (a fresh load, or another product), the loading state stays.
  const shown = useDeferredValue(product.data);
  const p = shown && shown.slug === product.data?.slug ? shown : undefined;

  if (product.isLoading || (product.data && !p)) return <Loading label="Loading the product…" />;
  if (product.error || !p) return <ErrorState error={product.error} onRetry={() => product.refetch()} />;

  return (
    <article className="product">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/">Home</Link>
          </li>
          {p.categoryPath.map((slugPart) => (
            <li key={slugPart}>
              <Link to={`/c/${slugPart}`}>{humanAttribute(slugPart)}</Link>
            </li>
          ))}
        </ol>
      </nav>
      <div className="product-layout">
        <Gallery product={p} />
        <div className="product-info">
          <p className="product-brand">{p.brand}</p>
          <h1>{p.title}</h1>
          {p.rating ? (
            <a href="#reviews" className="product-rating">
              <Stars average={p.rating.average} count={p.rating.count} />
            </a>
          ) : null}
          <Purchase key={p.id} product={p} />
          <section aria-labelledby="about">
            <h2 id="about">About this product</h2>
            <p>{p.description}</p>
            {Object.keys(p.attributes).length > 0 ? (
              <dl className="attributes">
                {Object.entries(p.attributes).map(([name, value]) => (
                  <div key={name}>
                    <dt>{humanAttribute(name)}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </section>
          <DeliveryAndReturns />
        </div>
      </div>
      <ProductReviews slug={p.slug} />
      <RelatedProducts slug={p.slug} category={p.categoryPath.at(-1)} />
      <RecentlyViewed exclude={p.slug} />
    </article>
  );
}
