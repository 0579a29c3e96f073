import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../app/api-context';
import { useTitle } from '../../app/use-title';
import { Field } from '../../components/Field';
import { type FieldErrors, serverFieldErrors } from '../../components/form';
import { FormError, messageOf } from '../../components/states';
import { PASSWORD_HINT, passwordError } from './SignUpPage';

export function ResetPasswordPage() {
  useTitle('Choose a new password');
  const api = useApi();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const problem = passwordError(password);
    const found: FieldErrors = {};
    if (problem) found.newPassword = problem;
    if (repeat !== password) found.repeat = 'The two passwords differ.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      await api.auth.resetPassword(token, password);
      setDone(true);
    } catch (error) {
      setErrors(serverFieldErrors(error));
      setFailure(messageOf(error));
    }
  };

  return (
    <div className="auth-card">
      <h1>Choose a new password</h1>
      {done ? (
        <>
          <p className="notice notice-success" role="status">
            Your password is changed; every session was signed out.
          </p>
          <Link to="/signin" className="button button-primary">
            Sign in
          </Link>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          {!token ? (
            <p className="form-error">This link has no token. Open the link from the e-mail again.</p>
          ) : null}
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            hint={PASSWORD_HINT}
            value={password}
            error={errors.newPassword}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Field
            label="Repeat the new password"
            name="repeat"
            type="password"
            autoComplete="new-password"
            value={repeat}
            error={errors.repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
          <FormError error={failure} />
          <button type="submit" className="button button-primary" disabled={!token}>
            Set new password
          </button>
        </form>
      )}
    </div>
  );
}
