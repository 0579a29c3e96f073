// Search: free text with a sort order; results page in as the shopper scrolls.
import type { SortOrder } from '@emporium/api-client';
import { useEffect, useState } from 'react';
import { ScrollView, StyleSheet, TextInput, View } from 'react-native';
import { useCursorList } from '../hooks/use-cursor-list';
import { useRegion } from '../shop/region-context';
import { useClient } from '../shop/shop-provider';
import { Chip } from '../ui/chip';
import { messageOf } from '../ui/errors';
import { ProductList } from '../ui/product-list';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { colors, radius, space } from '../ui/theme';

const sortOrders: { value: SortOrder; label: string }[] = [
  { value: 'relevance', label: 'Best match' },
  { value: 'price_asc', label: 'Price: low to high' },
  { value: 'price_desc', label: 'Price: high to low' },
  { value: 'newest', label: 'Newest' },
];

/** Waits for a pause in typing before searching, so each keystroke does not cost a request. */
const TYPING_PAUSE_MS = 300;

export function SearchScreen({ onOpenProduct }: { onOpenProduct: (slug: string) => void }) {
  const client = useClient();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortOrder>('relevance');
  const { currency } = useRegion();

  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const results = useCursorList(
    (cursor) =>
      query
        ? client.catalog.search({ q: query, sort, cursor, limit: 20, currency })
        : Promise.resolve({ items: [] }),
    [client, query, sort, currency],
  );

  const header = (
    <View>
      <TextInput
        role="searchbox"
        aria-label="Search products"
        placeholder="Search products"
        placeholderTextColor={colors.muted}
        value={text}
        onChangeText={setText}
        autoCapitalize="none"
        autoCorrect={false}
        returnKeyType="search"
        onSubmitEditing={() => setQuery(text.trim())}
        style={styles.input}
      />
      <ScrollView horizontal showsHorizontalScrollIndicator={false} role="radiogroup" aria-label="Sort by">
        <View style={styles.chips}>
          {sortOrders.map(({ value, label }) => (
            <Chip key={value} label={label} selected={sort === value} onPress={() => setSort(value)} />
          ))}
        </View>
      </ScrollView>
    </View>
  );

  return (
    <ProductList
      products={results.items}
      hasMore={results.hasMore}
      loadingMore={results.loadingMore}
      onLoadMore={results.loadMore}
      onOpen={onOpenProduct}
      header={header}
      empty={
        !query ? (
          <EmptyState title="Find something" hint="Search by name, brand or description." />
        ) : results.loading ? (
          <Loading label="Searching" />
        ) : results.error ? (
          <ErrorState message={messageOf(results.error)} onRetry={results.reload} />
        ) : (
          <EmptyState title={`No products match “${query}”`} hint="Try another word or a shorter search." />
        )
      }
    />
  );
}

const styles = StyleSheet.create({
  input: {
    minHeight: 44,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: radius.small,
    paddingHorizontal: space.md,
    fontSize: 16,
    marginBottom: space.md,
    color: colors.text,
  },
  chips: { flexDirection: 'row' },
});
