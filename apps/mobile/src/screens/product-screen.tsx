// Product detail: pictures, description, variant choice with its own price (in the region's
// currency) and stock, and "Add to cart" for the chosen variant. A variant without a price in the
// region's currency is not sold there, and says so instead of offering to add it. Choosing a
// variant with pictures of its own starts the gallery again at its first page, which shows them.
import type { Product, Variant } from '@emporium/api-client';
import { useState } from 'react';
import { Platform, ScrollView, StyleSheet, Text, View } from 'react-native';
import { apiUrl } from '../config';
import { useLoad } from '../hooks/use-load';
import { productPictures } from '../shop/product-pictures';
import { useRegion } from '../shop/region-context';
import { useCart, useClient } from '../shop/shop-provider';
import {
  initialSelection,
  optionAxes,
  optionInStock,
  type Selection,
  variantFor,
} from '../shop/variant-picker';
import { Button } from '../ui/button';
import { Chip } from '../ui/chip';
import { messageOf } from '../ui/errors';
import { PictureGallery } from '../ui/picture-gallery';
import { ErrorState, Loading, Notice } from '../ui/states';
import { colors, space } from '../ui/theme';

const PICTURE_FORMAT = Platform.OS === 'web' ? 'webp' : 'fallback';

interface ProductScreenProps {
  slug: string;
  onOpenCart: () => void;
}

export function ProductScreen({ slug, onOpenCart }: ProductScreenProps) {
  const client = useClient();
  const { currency } = useRegion();
  const product = useLoad(
    (signal) => client.catalog.product(slug, signal, currency),
    [client, slug, currency],
  );
  if (product.loading) return <Loading label="Loading product" />;
  if (!product.data) return <ErrorState message={messageOf(product.error)} onRetry={product.reload} />;
  return <ProductDetail product={product.data} onOpenCart={onOpenCart} />;
}

function stockText(variant: Variant): string {
  if (variant.available <= 0) return 'Out of stock';
  if (variant.available <= variant.lowStockThreshold) return `Only ${variant.available} left`;
  return 'In stock';
}

function ProductDetail({ product, onOpenCart }: { product: Product; onOpenCart: () => void }) {
  const cart = useCart();
  const region = useRegion();
  const axes = optionAxes(product.variants);
  const [selection, setSelection] = useState<Selection>(() => initialSelection(product.variants));
  // Variants without options are chosen by SKU.
  const [chosenSku, setChosenSku] = useState(() => product.variants.find((v) => v.available > 0)?.sku);
  const [quantity, setQuantity] = useState(1);
  const [adding, setAdding] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | undefined>();

  const variant =
    axes.length > 0
      ? variantFor(product.variants, selection)
      : product.variants.find((v) => v.sku === chosenSku);
  const soldHere = variant?.price != null;
  const canBuy = product.status === 'active' && variant !== undefined && variant.available > 0 && soldHere;
  const maxQuantity = Math.min(variant?.available ?? 1, 999);

  const choose = (next: () => void) => {
    next();
    setQuantity(1);
    setResult(undefined);
  };

  async function addToCart() {
    if (!variant) return;
    setAdding(true);
    setResult(undefined);
    try {
      await cart.add(variant.sku, quantity);
      setResult({ ok: true, message: `Added ${quantity} × ${product.title} to your cart.` });
    } catch (error) {
      setResult({ ok: false, message: messageOf(error) });
    } finally {
      setAdding(false);
    }
  }

  return (
    <ScrollView contentContainerStyle={styles.content}>
      <PictureGallery
        key={variant?.media.map((image) => image.id).join() || 'product'}
        pictures={productPictures(product, variant, PICTURE_FORMAT, apiUrl)}
        inset={space.lg}
      />
      <Text style={styles.brand}>{product.brand}</Text>
      <Text role="heading" style={styles.title}>
        {product.title}
      </Text>
      {product.rating ? (
        <Text
          style={styles.rating}
          aria-label={`Rated ${product.rating.average.toFixed(1)} out of 5 in ${product.rating.count} ${product.rating.count === 1 ? 'review' : 'reviews'}`}
        >
          {'★'.repeat(Math.round(product.rating.average))}
          {'☆'.repeat(5 - Math.round(product.rating.average))} {product.rating.average.toFixed(1)} (
          {product.rating.count})
        </Text>
      ) : null}
      {variant ? (
        <View style={styles.priceRow}>
          {soldHere ? (
            <>
              <Text style={styles.price} aria-label={`Price ${region.price(variant.price)}`}>
                {region.price(variant.price)}
              </Text>
              <Text style={[styles.stock, variant.available <= 0 && styles.outOfStock]}>
                {stockText(variant)}
              </Text>
            </>
          ) : (
            <Text style={[styles.stock, styles.outOfStock]}>
              Not sold in {region.region?.name ?? 'your region'}
            </Text>
          )}
        </View>
      ) : (
        <Text style={styles.outOfStock}>This combination is not sold.</Text>
      )}
      {product.status !== 'active' ? <Notice tone="info" message="This product is no longer sold." /> : null}

      {axes.map((axis) => (
        <View key={axis.name} role="radiogroup" aria-label={axis.name} style={styles.section}>
          <Text style={styles.label}>{axis.name}</Text>
          <View style={styles.chips}>
            {axis.values.map((value) => {
              const inStock = optionInStock(product.variants, selection, axis.name, value);
              return (
                <Chip
                  key={value}
                  label={value}
                  accessibilityLabel={`${axis.name} ${value}${inStock ? '' : ', out of stock'}`}
                  selected={selection[axis.name] === value}
                  onPress={() => choose(() => setSelection({ ...selection, [axis.name]: value }))}
                />
              );
            })}
          </View>
        </View>
      ))}
      {axes.length === 0 && product.variants.length > 1 ? (
        <View role="radiogroup" aria-label="Variant" style={styles.section}>
          <Text style={styles.label}>Variant</Text>
          <View style={styles.chips}>
            {product.variants.map((v) => (
              <Chip
                key={v.sku}
                label={v.title}
                selected={v.sku === chosenSku}
                onPress={() => choose(() => setChosenSku(v.sku))}
              />
            ))}
          </View>
        </View>
      ) : null}

      {canBuy ? (
        <View style={[styles.section, styles.quantityRow]}>
          <Text style={[styles.label, styles.inlineLabel]}>Quantity</Text>
          <Button
            label="−"
            variant="secondary"
            accessibilityLabel="Fewer"
            disabled={quantity <= 1}
            onPress={() => setQuantity(quantity - 1)}
          />
          <Text style={styles.quantity} aria-label={`Quantity ${quantity}`}>
            {quantity}
          </Text>
          <Button
            label="+"
            variant="secondary"
            accessibilityLabel="More"
            disabled={quantity >= maxQuantity}
            onPress={() => setQuantity(quantity + 1)}
          />
        </View>
      ) : null}

      <Button
        label={canBuy ? 'Add to cart' : soldHere ? 'Out of stock' : 'Not sold in your region'}
        accessibilityLabel={variant ? `Add ${product.title}, ${variant.title}, to cart` : 'Add to cart'}
        disabled={!canBuy}
        busy={adding}
        onPress={addToCart}
      />
      {result ? <Notice tone={result.ok ? 'info' : 'danger'} message={result.message} /> : null}
      {result?.ok ? <Button label="Go to cart" variant="secondary" onPress={onOpenCart} /> : null}

      <Text style={[styles.section, styles.description]}>{product.description}</Text>
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  content: { padding: space.lg, gap: space.sm },
  brand: { fontSize: 13, color: colors.muted, textTransform: 'uppercase', marginTop: space.sm },
  title: { fontSize: 24, fontWeight: '700', color: colors.text },
  rating: { fontSize: 15, color: colors.muted },
  priceRow: { flexDirection: 'row', alignItems: 'baseline', gap: space.md },
  price: { fontSize: 22, fontWeight: '700', color: colors.text },
  stock: { fontSize: 15, color: colors.success },
  outOfStock: { color: colors.warning },
  section: { marginTop: space.md },
  label: {
    fontSize: 14,
    fontWeight: '600',
    color: colors.text,
    marginBottom: space.sm,
    textTransform: 'capitalize',
  },
  chips: { flexDirection: 'row', flexWrap: 'wrap' },
  inlineLabel: { marginBottom: 0 },
  quantityRow: { flexDirection: 'row', alignItems: 'center', gap: space.md },
  quantity: { fontSize: 18, minWidth: 32, textAlign: 'center', color: colors.text },
  description: { fontSize: 15, lineHeight: 22, color: colors.text },
});
