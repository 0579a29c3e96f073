// The logo the web header shows: the mark (a primary tile with an "E") and the name beside it.
// Drawn with views from the brand's shared geometry because the app ships no SVG renderer.
import { BRAND_MARK, BRAND_NAME } from '@emporium/contracts/brand';
import { StyleSheet, Text, View } from 'react-native';
import { colors, space } from './theme';

export function BrandMark({ size = 28 }: { size?: number }) {
  const scale = size / BRAND_MARK.size;
  return (
    <View
      aria-hidden
      style={[styles.tile, { width: size, height: size, borderRadius: BRAND_MARK.cornerRadius * scale }]}
    >
      {BRAND_MARK.letter.map((bar) => (
        <View
          key={`${bar.x},${bar.y},${bar.width}`}
          style={[
            styles.bar,
            { left: bar.x * scale, top: bar.y * scale, width: bar.width * scale, height: bar.height * scale },
          ]}
        />
      ))}
    </View>
  );
}

/** The mark and the shop's name, as a header title; read out once, as the name. */
export function Wordmark() {
  return (
    <View style={styles.wordmark} role="img" aria-label={BRAND_NAME}>
      <BrandMark />
      <Text style={styles.name}>{BRAND_NAME}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  tile: { backgroundColor: colors.accent, position: 'relative' },
  bar: { position: 'absolute', backgroundColor: colors.accentText },
  wordmark: { flexDirection: 'row', alignItems: 'center', gap: space.sm },
  name: { fontSize: 19, fontWeight: '700', color: colors.text },
});
