// A region's shipping options: what each costs, switching one off and on, and adding one.
import type { RegionDetail, ShippingOption } from '@emporium/api-client';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { Field, SelectField } from '../components/Field';
import type { FieldErrors } from '../components/form';
import { FormError } from '../components/states';
import {
  describeRule,
  emptyShippingOptionForm,
  SHIPPING_KIND_LABELS,
  type ShippingKind,
  type ShippingOptionForm,
  toShippingOptionCreate,
  validateShippingOption,
} from './shipping-option-form';
import { useRefreshRegions } from './use-refresh-regions';

export function RegionShippingOptions({ region }: { region: RegionDetail }) {
  return (
    <section className="card" aria-labelledby="shipping-heading">
      <h2 id="shipping-heading">Shipping options</h2>
      <div className="table-scroll">
        <table className="data-table" aria-label="Shipping options">
          <thead>
            <tr>
              <th scope="col">Option</th>
              <th scope="col">Kind</th>
              <th scope="col">Price</th>
              <th scope="col">Offered</th>
            </tr>
          </thead>
          <tbody>
            {region.shippingOptions.map((option) => (
              <ShippingOptionRow key={option.id} region={region} option={option} />
            ))}
          </tbody>
        </table>
      </div>
      <NewShippingOptionForm region={region} />
    </section>
  );
}

function ShippingOptionRow({ region, option }: { region: RegionDetail; option: ShippingOption }) {
  const api = useApi();
  const refresh = useRefreshRegions();
  const toggle = useMutation({
    mutationFn: () =>
      api.admin.regions.updateShippingOption(region.id, option.id, { active: !option.active }),
    onSettled: refresh,
  });
  return (
    <tr>
      <td>
        {option.name} <code>{option.code}</code>
      </td>
      <td>{SHIPPING_KIND_LABELS[option.rule.kind]}</td>
      <td>{describeRule(option.rule, region.currency)}</td>
      <td>
        <span className={`badge ${option.active ? 'badge-ok' : 'badge-muted'}`}>
          {option.active ? 'Offered' : 'Off'}
        </span>{' '}
        <button
          type="button"
          className="button button-small"
          disabled={toggle.isPending}
          onClick={() => toggle.mutate()}
          aria-label={`${option.active ? 'Stop offering' : 'Offer'} ${option.name}`}
        >
          {option.active ? 'Switch off' : 'Switch on'}
        </button>
        <FormError error={toggle.error} />
      </td>
    </tr>
  );
}

function NewShippingOptionForm({ region }: { region: RegionDetail }) {
  const api = useApi();
  const refresh = useRefreshRegions();
  const [form, setForm] = useState<ShippingOptionForm>(emptyShippingOptionForm);
  const [errors, setErrors] = useState<FieldErrors>({});
  const add = useMutation({
    mutationFn: () =>
      api.admin.regions.addShippingOption(region.id, toShippingOptionCreate(form, region.currency)),
    onSuccess: () => {
      setForm(emptyShippingOptionForm);
      return refresh();
    },
  });
  const bind = (field: keyof ShippingOptionForm) => ({
    name: `shipping-${field}`,
    value: form[field],
    error: errors[field],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateShippingOption(form, region.currency);
    setErrors(found);
    if (Object.keys(found).length === 0) add.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="form-grid" aria-label="Add a shipping option">
      <Field label="Option code" hint="e.g. next-day" {...bind('code')} />
      <Field label="Option name" {...bind('name')} />
      <SelectField
        label="Pricing"
        name="shipping-kind"
        value={form.kind}
        onChange={(e) => setForm({ ...form, kind: e.target.value as ShippingKind })}
      >
        {Object.entries(SHIPPING_KIND_LABELS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      {form.kind === 'flat' || form.kind === 'free_over' ? (
        <Field label={`Price (${region.currency})`} inputMode="decimal" {...bind('amount')} />
      ) : null}
      {form.kind === 'free_over' ? (
        <Field label={`Free from (${region.currency})`} inputMode="decimal" {...bind('freeFrom')} />
      ) : null}
      {form.kind === 'weight_bands' ? (
        <Field label="Weight bands" hint="grams=price, e.g. 1000=4.95, 5000=9.95" {...bind('bands')} />
      ) : null}
      <div>
        <button type="submit" className="button" disabled={add.isPending}>
          Add shipping option
        </button>
      </div>
      <FormError error={add.error} />
    </form>
  );
}
