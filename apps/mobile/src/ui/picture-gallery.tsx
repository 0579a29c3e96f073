// A product's pictures as wide as the screen allows, each at its own aspect ratio; several swipe
// sideways one page at a time, with a counter saying which one shows.
import { useState } from 'react';
import {
  Image,
  type NativeScrollEvent,
  type NativeSyntheticEvent,
  ScrollView,
  StyleSheet,
  Text,
  useWindowDimensions,
  View,
} from 'react-native';
import type { Picture } from '../shop/product-pictures';
import { colors, radius, space } from './theme';

// Past this a picture stops growing with the window (a tablet, or the web build on a desktop):
// the detail rendition is drawn for about this size.
const MAX_WIDTH = 640;

interface PictureGalleryProps {
  pictures: Picture[];
  /** The horizontal padding of the screen around the gallery, taken off the window's width. */
  inset: number;
}

export function PictureGallery({ pictures, inset }: PictureGalleryProps) {
  const window = useWindowDimensions();
  const width = Math.max(0, Math.min(window.width - 2 * inset, MAX_WIDTH));
  const [shown, setShown] = useState(0);
  if (pictures.length === 0 || width === 0) return null;
  // The tallest picture sets the gallery's height, so swiping never moves the text below it.
  const height = Math.max(...pictures.map((picture) => width / picture.aspectRatio));

  const onScroll = (event: NativeSyntheticEvent<NativeScrollEvent>) => {
    const page = Math.round(event.nativeEvent.contentOffset.x / width);
    setShown(Math.min(Math.max(page, 0), pictures.length - 1));
  };

  return (
    <View style={styles.gallery}>
      <ScrollView
        horizontal
        pagingEnabled
        showsHorizontalScrollIndicator={false}
        onScroll={pictures.length > 1 ? onScroll : undefined}
        scrollEventThrottle={32}
        style={{ width, height }}
      >
        {pictures.map((picture) => (
          <View key={picture.key} style={[styles.page, { width, height }]}>
            <Image
              source={{ uri: picture.uri }}
              style={[styles.picture, { width, height: width / picture.aspectRatio }]}
              accessibilityLabel={picture.label}
              alt={picture.label}
              resizeMode="contain"
            />
          </View>
        ))}
      </ScrollView>
      {pictures.length > 1 ? (
        <Text style={styles.counter} aria-label={`Picture ${shown + 1} of ${pictures.length}`}>
          {shown + 1} / {pictures.length}
        </Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  gallery: { alignItems: 'center', gap: space.xs },
  page: { justifyContent: 'center', alignItems: 'center' },
  picture: { borderRadius: radius.large, backgroundColor: colors.surface },
  counter: { fontSize: 13, color: colors.muted },
});
