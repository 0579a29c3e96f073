// Create or edit a product: details, attributes, images, and its variants (SKU, options, price,
// initial stock, low-stock threshold). Editing sends the version read, so a concurrent edit is
// refused (409) instead of silently overwritten. Existing variants restock in place.
import { ApiError, type CategoryNode } from '@emporium/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../app/api-context';
import { useTitle } from '../app/use-title';
import { Field, SelectField } from '../components/Field';
import { type FieldErrors, focusFirstInvalid, serverFieldErrors } from '../components/form';
import { digitsOf } from '../components/money-input';
import { ErrorState, FormError, Loading, messageOf } from '../components/states';
import { ProductPictures } from './ProductPictures';
import {
  draftOf,
  emptyDraft,
  emptyVariant,
  type ProductDraft,
  slugify,
  toCreate,
  toPatch,
  type VariantDraft,
  validateDraft,
} from './product-form';

function leaves(nodes: CategoryNode[], trail: string[] = []): { slug: string; label: string }[] {
  return nodes.flatMap((node) =>
    node.children.length > 0
      ? leaves(node.children, [...trail, node.name])
      : [{ slug: node.slug, label: [...trail, node.name].join(' › ') }],
  );
}

function Restock({ sku }: { sku: string }) {
  const api = useApi();
  const [quantity, setQuantity] = useState('');
  const restock = useMutation({ mutationFn: () => api.admin.stock.restock(sku, Number(quantity)) });
  return (
    <div className="toolbar">
      <div className="field">
        <label htmlFor={`restock-${sku}`}>Add units to {sku}</label>
        <input
          id={`restock-${sku}`}
          inputMode="numeric"
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
        />
      </div>
      <button
        type="button"
        className="button button-small"
        disabled={!/^[1-9]\d*$/.test(quantity) || restock.isPending}
        onClick={() => restock.mutate()}
      >
        Restock
      </button>
      <span role="status">
        {restock.data
          ? `Now ${restock.data.available} available.`
          : restock.error
            ? messageOf(restock.error)
            : ''}
      </span>
    </div>
  );
}

export function ProductEditorPage() {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { id } = useParams();
  const creating = !id;
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<ProductDraft>(emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [slugTouched, setSlugTouched] = useState(false);
  useTitle(creating ? 'New product · Admin' : 'Edit product · Admin');

  const categories = useQuery({
    queryKey: ['catalog', 'categories'],
    queryFn: ({ signal }) => api.catalog.categories(signal),
  });
  const product = useQuery({
    queryKey: ['admin', 'product', id],
    queryFn: () => api.admin.products.get(id!),
    enabled: !creating,
  });
  useEffect(() => {
    if (product.data) setDraft(draftOf(product.data));
  }, [product.data]);

  const save = useMutation({
    mutationFn: () =>
      creating
        ? api.admin.products.create(toCreate(draft))
        : api.admin.products.update(id!, toPatch(draft, product.data!.version)),
    onSuccess: (saved) => {
      queryClient.setQueryData(['admin', 'product', saved.id], saved);
      queryClient.invalidateQueries({ queryKey: ['catalog'] });
      if (creating) navigate(`/admin/products/${saved.id}`, { replace: true, state: { created: true } });
      else setDraft(draftOf(saved));
    },
    onError: (error) => {
      setErrors(serverFieldErrors(error));
      setTimeout(() => focusFirstInvalid(formRef.current));
    },
  });
  const archive = useMutation({
    mutationFn: () => api.admin.products.archive(id!),
    onSuccess: (saved) => {
      queryClient.setQueryData(['admin', 'product', saved.id], saved);
      queryClient.invalidateQueries({ queryKey: ['catalog'] });
    },
  });

  if (!creating && product.isLoading) return <Loading />;
  if (!creating && (product.error || !product.data))
    return <ErrorState error={product.error} onRetry={() => product.refetch()} />;

  const set = <K extends keyof ProductDraft>(name: K, value: ProductDraft[K]) =>
    setDraft((d) => ({ ...d, [name]: value }));
  const bind = (
    name: 'title' | 'brand' | 'slug' | 'description' | 'images' | 'attributes' | 'category' | 'status',
  ) => ({
    name,
    value: draft[name],
    error: errors[name],
    onChange: (event: { target: { value: string } }) => {
      const value = event.target.value;
      setDraft((d) => ({
        ...d,
        [name]: value,
        ...(name === 'title' && creating && !slugTouched ? { slug: slugify(value) } : {}),
      }));
      if (name === 'slug') setSlugTouched(true);
    },
  });
  const setVariant = (index: number, patch: Partial<VariantDraft>) =>
    set(
      'variants',
      draft.variants.map((v, i) => (i === index ? { ...v, ...patch } : v)),
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateDraft(draft, creating);
    setErrors(found);
    if (Object.keys(found).length > 0) return setTimeout(() => focusFirstInvalid(formRef.current));
    save.mutate();
  };
  const stale = save.error instanceof ApiError && save.error.slug === 'stale-version';

  return (
    <>
      <p>
        <Link to="/admin/products">← All products</Link>
      </p>
      <h1>{creating ? 'New product' : `Edit ${product.data?.title}`}</h1>
      {product.data ? (
        <p className="muted">
          Id {product.data.id} · version {product.data.version} · {product.data.status}
          {product.data.status === 'active' ? (
            <>
              {' '}
              · <Link to={`/p/${product.data.slug}`}>View in the shop</Link>
            </>
          ) : null}
        </p>
      ) : null}
      <form ref={formRef} onSubmit={submit} noValidate aria-label="Product">
        <section className="card">
          <h2>Details</h2>
          <div className="form-row">
            <Field label="Title" {...bind('title')} />
            <Field label="Slug (address in the shop; permanent)" disabled={!creating} {...bind('slug')} />
            <Field label="Brand" {...bind('brand')} />
            <SelectField label="Category" {...bind('category')}>
              <option value="">Choose…</option>
              {leaves(categories.data ?? []).map((leaf) => (
                <option key={leaf.slug} value={leaf.slug}>
                  {leaf.label}
                </option>
              ))}
            </SelectField>
            <SelectField label="Status" {...bind('status')}>
              <option value="draft">Draft (hidden)</option>
              <option value="active">Active (on sale)</option>
              <option value="archived">Archived</option>
            </SelectField>
            <Field
              label="Currency"
              name="currency"
              value={draft.currency}
              error={errors.currency}
              disabled={!creating}
              onChange={(e) => set('currency', e.target.value.toUpperCase())}
            />
          </div>
          <div className="field">
            <label htmlFor="description">Description</label>
            <textarea
              id="description"
              name="description"
              value={draft.description}
              onChange={(e) => set('description', e.target.value)}
            />
          </div>
          <div className={`field${errors.attributes ? ' field-invalid' : ''}`}>
            <label htmlFor="attributes">Attributes (one name=value per line)</label>
            <textarea
              id="attributes"
              name="attributes"
              value={draft.attributes}
              placeholder={'colour=black\nmaterial=wool'}
              aria-invalid={errors.attributes ? true : undefined}
              aria-describedby={errors.attributes ? 'attributes-error' : undefined}
              onChange={(e) => set('attributes', e.target.value)}
            />
            {errors.attributes ? (
              <p className="field-error" id="attributes-error">
                {errors.attributes}
              </p>
            ) : null}
          </div>
          <div className={`field${errors.images ? ' field-invalid' : ''}`}>
            <label htmlFor="images">Image addresses (one per line)</label>
            <textarea
              id="images"
              name="images"
              value={draft.images}
              aria-invalid={errors.images ? true : undefined}
              aria-describedby={errors.images ? 'images-error' : undefined}
              onChange={(e) => set('images', e.target.value)}
            />
            {errors.images ? (
              <p className="field-error" id="images-error">
                {errors.images}
              </p>
            ) : null}
          </div>
        </section>

        <section className="card">
          <h2>Variants</h2>
          {draft.variants.map((variant, index) => {
            const at = `variants.${index}`;
            return (
              <fieldset key={variant.existing ? variant.sku : `new-${index}`} className="variant-editor">
                <legend>
                  Variant {index + 1}
                  {variant.existing ? ` (${variant.sku})` : ''}
                </legend>
                <div className="form-row">
                  <Field
                    label="SKU"
                    name={`${at}.sku`}
                    value={variant.sku}
                    disabled={variant.existing}
                    error={errors[`${at}.sku`]}
                    onChange={(e) => setVariant(index, { sku: e.target.value })}
                  />
                  <Field
                    label="Variant name"
                    name={`${at}.title`}
                    value={variant.title}
                    error={errors[`${at}.title`]}
                    onChange={(e) => setVariant(index, { title: e.target.value })}
                  />
                  <Field
                    label="Options (name=value, …)"
                    name={`${at}.options`}
                    placeholder="size=M"
                    value={variant.options}
                    error={errors[`${at}.options`]}
                    onChange={(e) => setVariant(index, { options: e.target.value })}
                  />
                  <Field
                    label={`Price (${draft.currency})`}
                    name={`${at}.price`}
                    inputMode={digitsOf(draft.currency) === 0 ? 'numeric' : 'decimal'}
                    value={variant.price}
                    error={errors[`${at}.price`] ?? errors[`${at}.price.amount`]}
                    onChange={(e) => setVariant(index, { price: e.target.value })}
                  />
                  <Field
                    label="Prices in other currencies (CUR=price, …)"
                    name={`${at}.otherPrices`}
                    placeholder="EUR=46.99, GBP=39.99"
                    value={variant.otherPrices}
                    error={errors[`${at}.otherPrices`] ?? errors[`${at}.prices`]}
                    onChange={(e) => setVariant(index, { otherPrices: e.target.value })}
                  />
                  <SelectField
                    label="Tax class"
                    name={`${at}.taxClass`}
                    value={variant.taxClass}
                    error={errors[`${at}.taxClass`]}
                    onChange={(e) =>
                      setVariant(index, { taxClass: e.target.value as VariantDraft['taxClass'] })
                    }
                  >
                    <option value="standard">Standard</option>
                    <option value="reduced">Reduced (books, food)</option>
                    <option value="zero">Zero</option>
                  </SelectField>
                  <Field
                    label="Weight (grams)"
                    name={`${at}.weightGrams`}
                    inputMode="numeric"
                    value={variant.weightGrams}
                    error={errors[`${at}.weightGrams`]}
                    onChange={(e) => setVariant(index, { weightGrams: e.target.value })}
                  />
                  {variant.existing ? (
                    <p className="muted">Available now: {variant.stock}</p>
                  ) : (
                    <Field
                      label="Initial stock"
                      name={`${at}.stock`}
                      inputMode="numeric"
                      value={variant.stock}
                      error={errors[`${at}.stock`]}
                      onChange={(e) => setVariant(index, { stock: e.target.value })}
                    />
                  )}
                  <Field
                    label="Low-stock threshold"
                    name={`${at}.lowStockThreshold`}
                    inputMode="numeric"
                    value={variant.lowStockThreshold}
                    error={errors[`${at}.lowStockThreshold`]}
                    onChange={(e) => setVariant(index, { lowStockThreshold: e.target.value })}
                  />
                </div>
                {variant.existing ? (
                  <Restock sku={variant.sku} />
                ) : draft.variants.length > 1 ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() =>
                      set(
                        'variants',
                        draft.variants.filter((_, i) => i !== index),
                      )
                    }
                  >
                    Remove variant {index + 1}
                  </button>
                ) : null}
              </fieldset>
            );
          })}
          <button
            type="button"
            className="button button-secondary"
            onClick={() => set('variants', [...draft.variants, emptyVariant()])}
          >
            Add a variant
          </button>
        </section>

        {stale ? (
          <p className="form-error" role="alert">
            Someone saved this product meanwhile.{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => product.refetch().then(() => save.reset())}
            >
              Load their version
            </button>{' '}
            and apply your change again.
          </p>
        ) : save.isError ? (
          <FormError
            error={Object.keys(errors).length > 0 ? 'Please correct the highlighted fields.' : save.error}
          />
        ) : null}
        <div role="status">{save.isSuccess ? <p className="notice notice-success">Saved.</p> : null}</div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {creating ? 'Create product' : 'Save changes'}
          </button>
          {!creating && product.data?.status !== 'archived' ? (
            <button
              type="button"
              className="button button-danger"
              disabled={archive.isPending}
              onClick={() => archive.mutate()}
            >
              Archive
            </button>
          ) : null}
          {archive.isError ? <FormError error={archive.error} /> : null}
        </div>
      </form>
      {!creating && product.data ? <ProductPictures product={product.data} /> : null}
    </>
  );
}
