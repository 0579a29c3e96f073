// Browse: the region picker and the category tree as filter chips over an endless product grid,
// priced in the region's currency.
import type { CategoryNode } from '@emporium/api-client';
import { useState } from 'react';
import { ScrollView, StyleSheet, View } from 'react-native';
import { useCursorList } from '../hooks/use-cursor-list';
import { useLoad } from '../hooks/use-load';
import { useRegion } from '../shop/region-context';
import { useClient } from '../shop/shop-provider';
import { Chip } from '../ui/chip';
import { messageOf } from '../ui/errors';
import { ProductList } from '../ui/product-list';
import { RegionPicker } from '../ui/region-picker';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { space } from '../ui/theme';

const PAGE_SIZE = 20;

/** Top-level categories and their children, in one row of chips ("Shoes › Running"). */
function flatten(nodes: CategoryNode[], trail: string[] = []): { slug: string; label: string }[] {
  return nodes.flatMap((node) => [
    { slug: node.slug, label: [...trail, node.name].join(' › ') },
    ...flatten(node.children, [...trail, node.name]),
  ]);
}

export function CatalogScreen({ onOpenProduct }: { onOpenProduct: (slug: string) => void }) {
  const client = useClient();
  const [category, setCategory] = useState<string | undefined>(undefined);
  const { currency } = useRegion();
  const categories = useLoad((signal) => client.catalog.categories(signal), [client]);
  const products = useCursorList(
    (cursor) => client.catalog.search({ category, cursor, limit: PAGE_SIZE, currency }),
    [client, category, currency],
  );

  const chips = (
    <View>
      <RegionPicker />
      <ScrollView horizontal showsHorizontalScrollIndicator={false} role="tablist" aria-label="Categories">
        <View style={styles.chips}>
          <Chip
            role="tab"
            label="All"
            selected={category === undefined}
            onPress={() => setCategory(undefined)}
          />
          {flatten(categories.data ?? []).map(({ slug, label }) => (
            <Chip
              key={slug}
              role="tab"
              label={label}
              selected={category === slug}
              onPress={() => setCategory(slug)}
            />
          ))}
        </View>
      </ScrollView>
    </View>
  );

  return (
    <ProductList
      products={products.items}
      hasMore={products.hasMore}
      loadingMore={products.loadingMore}
      onLoadMore={products.loadMore}
      onOpen={onOpenProduct}
      header={chips}
      empty={
        products.loading ? (
          <Loading label="Loading products" />
        ) : products.error ? (
          <ErrorState message={messageOf(products.error)} onRetry={products.reload} />
        ) : (
          <EmptyState title="Nothing here yet" hint="This category has no products on sale." />
        )
      }
    />
  );
}

const styles = StyleSheet.create({
  chips: { flexDirection: 'row', paddingBottom: space.sm },
});
