// A product grid that grows as the shopper scrolls (cursor pages). The footer also offers a
// "Show more" button: infinite scroll alone is hard to use with a screen reader or a keyboard.
import { type ListingItem, mediaUrl } from '@emporium/api-client';
import type { ReactElement } from 'react';
import { ActivityIndicator, FlatList, Image, Pressable, StyleSheet, Text, View } from 'react-native';
import { useRegion } from '../shop/region-context';
import { Button } from './button';
import { colors, space } from './theme';

interface ProductListProps {
  products: ListingItem[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onOpen: (slug: string) => void;
  header?: ReactElement;
  empty: ReactElement;
}

export function ProductList({
  products,
  hasMore,
  loadingMore,
  onLoadMore,
  onOpen,
  header,
  empty,
}: ProductListProps) {
  return (
    <FlatList
      data={products}
      keyExtractor={(product) => product.id}
      numColumns={2}
      columnWrapperStyle={styles.row}
      contentContainerStyle={styles.content}
      ListHeaderComponent={header}
      ListEmptyComponent={empty}
      onEndReached={hasMore ? onLoadMore : undefined}
      onEndReachedThreshold={0.5}
      renderItem={({ item }) => <ProductCard product={item} onOpen={onOpen} />}
      ListFooterComponent={
        loadingMore ? (
          <ActivityIndicator style={styles.footer} color={colors.accent} aria-label="Loading more products" />
        ) : hasMore ? (
          <View style={styles.footer}>
            <Button
              label="Show more"
              variant="secondary"
              onPress={onLoadMore}
              accessibilityLabel="Show more products"
            />
          </View>
        ) : null
      }
    />
  );
}

function ProductCard({ product, onOpen }: { product: ListingItem; onOpen: (slug: string) => void }) {
  const price = useRegion().price(product.price);
  const picture = product.media
    ? mediaUrl(product.media.base, product.media, 'card', 'fallback')
    : product.image;
  return (
    <Pressable
      role="link"
      aria-label={`${product.title}, ${price}${product.inStock ? '' : ', out of stock'}`}
      onPress={() => onOpen(product.slug)}
      style={styles.card}
    >
      {picture ? (
        <Image source={{ uri: picture }} style={styles.image} accessibilityIgnoresInvertColors alt="" />
      ) : (
        <View style={[styles.image, styles.noImage]} />
      )}
      <Text style={styles.brand}>{product.brand}</Text>
      <Text style={styles.title} numberOfLines={2}>
        {product.title}
      </Text>
      <Text style={styles.price}>{price}</Text>
      {product.inStock ? null : <Text style={styles.outOfStock}>Out of stock</Text>}
    </Pressable>
  );
}

const styles = StyleSheet.create({
  content: { padding: space.md, flexGrow: 1 },
  row: { gap: space.md },
  card: { flex: 1, marginBottom: space.lg },
  image: { width: '100%', aspectRatio: 1, borderRadius: 8, backgroundColor: colors.surface },
  noImage: { borderWidth: 1, borderColor: colors.border },
  brand: { marginTop: space.sm, fontSize: 12, color: colors.muted, textTransform: 'uppercase' },
  title: { fontSize: 15, color: colors.text, fontWeight: '500' },
  price: { fontSize: 15, color: colors.text, fontWeight: '700', marginTop: space.xs },
  outOfStock: { fontSize: 13, color: colors.warning },
  footer: { paddingVertical: space.lg },
});
