// An existing product's uploaded pictures, and the form that adds one (to the product, or to one
// variant, e.g. its colour). The server judges the file by its bytes and renders every size; an
// upload is saved at once and moves the product's version, so the editor reloads the product.
import type { MediaImage, Product } from '@emporium/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { ResponsiveImage } from '../components/ResponsiveImage';
import { FormError } from '../components/states';

const ACCEPTED = 'image/jpeg,image/png,image/gif,image/webp,image/avif';

function Thumbnails({ media, caption }: { media: MediaImage[]; caption: string }) {
  if (media.length === 0) return null;
  return (
    <figure className="admin-pictures">
      <figcaption>{caption}</figcaption>
      <ul className="gallery-thumbs">
        {media.map((image) => (
          <li key={image.id}>
            <ResponsiveImage image={image} sizes="72px" base="thumbnail" />
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function ProductPictures({ product }: { product: Product }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File>();
  const [alt, setAlt] = useState('');
  const [sku, setSku] = useState('');
  const [formKey, setFormKey] = useState(0);
  const upload = useMutation({
    mutationFn: () =>
      api.admin.products.uploadImage(product.id, file!, {
        alt: alt.trim() || undefined,
        sku: sku || undefined,
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['admin', 'product', saved.id], saved);
      queryClient.invalidateQueries({ queryKey: ['catalog'] });
      setFile(undefined);
      setAlt('');
      setFormKey((key) => key + 1);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) upload.mutate();
  };

  return (
    <section className="card" aria-labelledby="pictures-heading">
      <h2 id="pictures-heading">Pictures</h2>
      <Thumbnails media={product.media} caption="The product" />
      {product.variants.map((variant) => (
        <Thumbnails key={variant.sku} media={variant.media} caption={`${variant.title} (${variant.sku})`} />
      ))}
      <form key={formKey} onSubmit={submit}>
        <p className="muted">
          JPEG, PNG, GIF, WebP or AVIF. An upload is saved at once: save other changes to this product first.
        </p>
        <div className="field">
          <label htmlFor="picture-file">Picture</label>
          <input
            id="picture-file"
            type="file"
            accept={ACCEPTED}
            onChange={(event) => setFile(event.target.files?.[0])}
          />
        </div>
        <div className="field">
          <label htmlFor="picture-alt">Description for people who cannot see it</label>
          <input
            id="picture-alt"
            value={alt}
            maxLength={300}
            onChange={(event) => setAlt(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="picture-variant">Shows</label>
          <select id="picture-variant" value={sku} onChange={(event) => setSku(event.target.value)}>
            <option value="">The whole product</option>
            {product.variants.map((variant) => (
              <option key={variant.sku} value={variant.sku}>
                Only {variant.title} ({variant.sku})
              </option>
            ))}
          </select>
        </div>
        {upload.isError ? <FormError error={upload.error} /> : null}
        <div role="status">
          {upload.isSuccess ? <p className="notice notice-success">Picture added.</p> : null}
        </div>
        <button type="submit" className="button button-primary" disabled={!file || upload.isPending}>
          {upload.isPending ? 'Uploading…' : 'Upload picture'}
        </button>
      </form>
    </section>
  );
}
