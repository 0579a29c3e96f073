// Where the shopper buys: one chip per region the shop sells in, which decides the currency
// (and the way of writing it) every price shows in, and whether those prices hold VAT.
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useRegion } from '../shop/region-context';
import { Chip } from './chip';
import { colors, space } from './theme';

export function RegionPicker() {
  const { regions, region, choose } = useRegion();
  // One region (or none known) leaves nothing to choose.
  if (regions.length < 2 || !region) return null;
  return (
    <View style={styles.picker}>
      <ScrollView horizontal showsHorizontalScrollIndicator={false}>
        <View role="radiogroup" aria-label="Region" style={styles.chips}>
          {regions.map((r) => (
            <Chip
              key={r.code}
              label={`${r.name} · ${r.currency}`}
              accessibilityLabel={`${r.name} (${r.currency})`}
              selected={r.code === region.code}
              onPress={() => choose(r.code)}
            />
          ))}
        </View>
      </ScrollView>
      <Text style={styles.hint}>
        Prices in {region.currency}, {region.taxInclusive ? 'VAT included' : 'tax added at checkout'}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  picker: { paddingBottom: space.sm, gap: space.xs },
  chips: { flexDirection: 'row' },
  hint: { fontSize: 13, color: colors.muted },
});
