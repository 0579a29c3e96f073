import { ApiError } from '@emporium/api-client';
import { type FormEvent, useState } from 'react';
import { useApi } from '../../app/api-context';
import { Field } from '../../components/Field';
import { type FieldErrors, serverFieldErrors } from '../../components/form';
import { FormError, messageOf } from '../../components/states';
import { PASSWORD_HINT, passwordError } from '../auth/SignUpPage';

export function PasswordForm() {
  const api = useApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    setFailure(undefined);
    const found: FieldErrors = {};
    if (!current) found.currentPassword = 'Enter your current password.';
    const problem = passwordError(next);
    if (problem) found.newPassword = problem;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      await api.auth.changePassword(current, next);
      setCurrent('');
      setNext('');
      setDone(true);
    } catch (error) {
      const fields = serverFieldErrors(error);
      if (error instanceof ApiError && error.slug === 'wrong-password')
        fields.currentPassword = 'This is not your current password.';
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFailure(messageOf(error));
    }
  };

  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <form onSubmit={submit} noValidate>
        <div className="form-row">
          <Field
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            value={current}
            error={errors.currentPassword}
            onChange={(e) => setCurrent(e.target.value)}
          />
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            hint={PASSWORD_HINT}
            value={next}
            error={errors.newPassword}
            onChange={(e) => setNext(e.target.value)}
          />
        </div>
        <FormError error={failure} />
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Change password
          </button>
          <span role="status">{done ? 'Password changed; your other sessions were signed out.' : ''}</span>
        </div>
      </form>
    </section>
  );
}
