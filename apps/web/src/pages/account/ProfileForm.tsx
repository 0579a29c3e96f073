import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { Field } from '../../components/Field';
import { type FieldErrors, serverFieldErrors } from '../../components/form';
import { ErrorState, FormError, Loading } from '../../components/states';
import { profileQueryRetry } from './profile-query';

const PHONE = /^\+?[0-9][0-9 ()./-]{3,38}$/;

export function ProfileForm() {
  const api = useApi();
  const queryClient = useQueryClient();
  const profile = useQuery({
    queryKey: ['account', 'profile'],
    queryFn: () => api.account.profile(),
    ...profileQueryRetry,
  });
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: () => api.account.updateProfile({ name: name.trim() || null, phone: phone.trim() || null }),
    onSuccess: (saved) => queryClient.setQueryData(['account', 'profile'], saved),
    onError: (error) => setErrors(serverFieldErrors(error)),
  });

  useEffect(() => {
    if (profile.data) {
      setName(profile.data.name ?? '');
      setPhone(profile.data.phone ?? '');
    }
  }, [profile.data]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (phone.trim() && !PHONE.test(phone.trim()))
      return setErrors({ phone: 'Enter a phone number, e.g. +1 555 0100.' });
    setErrors({});
    save.mutate();
  };

  return (
    <section className="card" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      {profile.isLoading ? <Loading /> : null}
      {profile.error ? <ErrorState error={profile.error} onRetry={() => profile.refetch()} /> : null}
      {profile.data ? (
        <form onSubmit={submit} noValidate>
          <p className="muted">Signed in as {profile.data.email}</p>
          <div className="form-row">
            <Field
              label="Name"
              name="name"
              autoComplete="name"
              value={name}
              error={errors.name}
              onChange={(e) => setName(e.target.value)}
            />
            <Field
              label="Phone"
              name="phone"
              type="tel"
              autoComplete="tel"
              value={phone}
              error={errors.phone}
              onChange={(e) => setPhone(e.target.value)}
            />
          </div>
          {save.isError && Object.keys(errors).length === 0 ? <FormError error={save.error} /> : null}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              Save profile
            </button>
            <span role="status">{save.isSuccess ? 'Saved.' : ''}</span>
          </div>
        </form>
      ) : null}
    </section>
  );
}
