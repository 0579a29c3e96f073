// Browse: the category tree as filter chips over an endless product grid.
import type { CategoryNode } from '@emporium/api-client';
import { useState } from 'react';
import { ScrollView, StyleSheet, View } from 'react-native';
import { useCursorList } from '../hooks/use-cursor-list';
import { useLoad } from '../hooks/use-load';
import { useClient } from '../shop/shop-provider';
import { Chip } from '../ui/chip';
import { messageOf } from '../ui/errors';
import { ProductList } from '../ui/product-list';
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
  const categories = useLoad((signal) => client.catalog.categories(signal), [client]);
  const products = useCursorList(
    (cursor) => client.catalog.search({ category, cursor, limit: PAGE_SIZE }),
    [client, category],
  );

  const chips = (
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
