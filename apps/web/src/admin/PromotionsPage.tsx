// Promotions for admins: every promotion with its offer, dates and usage, pause and resume, and a
// form to create one (automatic, or a coupon when it has a code).
import type { Promotion } from '@emporium/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useApi } from '../app/api-context';
import { useTitle } from '../app/use-title';
import { Field, SelectField } from '../components/Field';
import { type FieldErrors, focusFirstInvalid, serverFieldErrors } from '../components/form';
import { Empty, ErrorState, FormError, Loading } from '../components/states';
import {
  describeOffer,
  describeWindow,
  emptyPromotionForm,
  KIND_LABELS,
  type PromotionForm,
  type PromotionKind,
  toPromotionCreate,
  validatePromotion,
} from './promotion-form';

const CURRENCIES = ['USD', 'EUR', 'GBP'];

export function PromotionsPage() {
  useTitle('Promotions · Admin');
  const api = useApi();
  const promotions = useQuery({
    queryKey: ['admin', 'promotions'],
    queryFn: () => api.admin.promotions.list(),
  });
  return (
    <>
      <h1>Promotions</h1>
      {promotions.isLoading ? <Loading /> : null}
      {promotions.error ? <ErrorState error={promotions.error} onRetry={() => promotions.refetch()} /> : null}
      {promotions.data && promotions.data.length === 0 ? (
        <Empty title="No promotions yet">
          <p>Create an automatic discount or a coupon below.</p>
        </Empty>
      ) : null}
      {promotions.data && promotions.data.length > 0 ? <PromotionTable promotions={promotions.data} /> : null}
      <NewPromotionForm />
    </>
  );
}

function PromotionTable({ promotions }: { promotions: Promotion[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Promotions">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Coupon</th>
            <th scope="col">Offer</th>
            <th scope="col">Runs</th>
            <th scope="col">Used</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {promotions.map((promotion) => (
            <PromotionRow key={promotion.id} promotion={promotion} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PromotionRow({ promotion }: { promotion: Promotion }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: () =>
      promotion.status === 'active'
        ? api.admin.promotions.pause(promotion.id)
        : api.admin.promotions.resume(promotion.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin', 'promotions'] }),
  });
  const limits = [
    promotion.usageLimit ? `of ${promotion.usageLimit}` : null,
    promotion.perCustomerLimit ? `${promotion.perCustomerLimit} per customer` : null,
  ].filter(Boolean);
  return (
    <tr>
      <td>
        {promotion.name}
        {promotion.exclusive ? <span className="badge badge-muted">Not combined</span> : null}
      </td>
      <td>{promotion.code ? <code>{promotion.code}</code> : 'Automatic'}</td>
      <td>{describeOffer(promotion)}</td>
      <td>{describeWindow(promotion)}</td>
      <td>
        {promotion.used}
        {limits.length > 0 ? ` (${limits.join(', ')})` : ''}
      </td>
      <td>
        <span className={`badge ${promotion.status === 'active' ? 'badge-ok' : 'badge-warn'}`}>
          {promotion.status === 'active' ? 'Active' : 'Paused'}
        </span>{' '}
        <button
          type="button"
          className="button button-small"
          disabled={toggle.isPending}
          onClick={() => toggle.mutate()}
          aria-label={`${promotion.status === 'active' ? 'Pause' : 'Resume'} ${promotion.name}`}
        >
          {promotion.status === 'active' ? 'Pause' : 'Resume'}
        </button>
        <FormError error={toggle.error} />
      </td>
    </tr>
  );
}

function NewPromotionForm() {
  const api = useApi();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState<PromotionForm>(() => emptyPromotionForm('USD'));
  const [errors, setErrors] = useState<FieldErrors>({});
  // One key per promotion typed: a retry after a lost answer creates it once; an edit is a new one.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const create = useMutation({
    mutationFn: () => api.admin.promotions.create(toPromotionCreate(form), key),
    onSuccess: () => {
      setForm(emptyPromotionForm(form.currency));
      setKey(crypto.randomUUID());
      return queryClient.invalidateQueries({ queryKey: ['admin', 'promotions'] });
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });
  const set = (field: keyof PromotionForm) => (value: string | boolean) => {
    setForm({ ...form, [field]: value });
    setKey(crypto.randomUUID());
  };
  const text = (field: keyof PromotionForm) => ({
    name: field,
    value: form[field] as string,
    error: errors[field],
    onChange: (event: { target: { value: string } }) => set(field)(event.target.value),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validatePromotion(form);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    create.mutate();
  };

  return (
    <section className="card" aria-labelledby="new-promotion-heading">
      <h2 id="new-promotion-heading">New promotion</h2>
      <form ref={formRef} onSubmit={submit} noValidate className="form-grid" aria-label="New promotion">
        <Field label="Name" {...text('name')} />
        <Field label="Coupon code" hint="Empty: applies by itself" {...text('code')} />
        <SelectField
          label="Kind"
          name="kind"
          value={form.kind}
          onChange={(e) => set('kind')(e.target.value as PromotionKind)}
        >
          {Object.entries(KIND_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        {form.kind === 'percentage' ? (
          <Field label="Percent off" inputMode="decimal" {...text('percent')} />
        ) : null}
        {form.kind === 'fixed' ? <Field label="Amount off" inputMode="decimal" {...text('amount')} /> : null}
        {form.kind === 'buy_x_get_y' ? (
          <>
            <Field label="Buy" inputMode="numeric" {...text('buyQuantity')} />
            <Field label="Get free" inputMode="numeric" {...text('getQuantity')} />
          </>
        ) : null}
        <SelectField
          label="Currency"
          name="currency"
          value={form.currency}
          onChange={(e) => set('currency')(e.target.value)}
        >
          {CURRENCIES.map((currency) => (
            <option key={currency}>{currency}</option>
          ))}
        </SelectField>
        <Field label="Minimum subtotal" hint="Optional" inputMode="decimal" {...text('minSubtotal')} />
        <Field label="Starts" type="datetime-local" {...text('startsAt')} />
        <Field label="Ends" type="datetime-local" {...text('endsAt')} />
        <Field
          label="Usage limit"
          hint="Orders in all; empty: none"
          inputMode="numeric"
          {...text('usageLimit')}
        />
        <Field
          label="Per customer"
          hint="Empty: no limit"
          inputMode="numeric"
          {...text('perCustomerLimit')}
        />
        <label className="check">
          <input
            type="checkbox"
            name="exclusive"
            checked={form.exclusive}
            onChange={(e) => set('exclusive')(e.target.checked)}
          />
          Never combine with other promotions
        </label>
        <div>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Create promotion
          </button>
        </div>
      </form>
      <FormError error={create.error} />
    </section>
  );
}
