// Sign in. A guest cart joins the account's cart right after (see cart-context).
import { ApiError } from '@emporium/api-client';
import { type FormEvent, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useApi } from '../../app/api-context';
import { useTitle } from '../../app/use-title';
import { Field } from '../../components/Field';
import {
  compact,
  EMAIL,
  type FieldErrors,
  focusFirstInvalid,
  required,
  serverFieldErrors,
} from '../../components/form';
import { FormError, messageOf } from '../../components/states';

/** Only paths inside the app: `next` comes from the URL and must not send anyone elsewhere. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  useTitle('Sign in');
  const api = useApi();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const formRef = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const found = compact({
      email:
        required(email, 'your e-mail address') ??
        (EMAIL.test(email) ? undefined : 'Enter a valid e-mail address.'),
      password: required(password, 'your password'),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return setTimeout(() => focusFirstInvalid(formRef.current));
    setBusy(true);
    try {
      await api.auth.login({ email: email.trim(), password });
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (error) {
      setErrors(serverFieldErrors(error));
      setFailure(
        error instanceof ApiError && error.status === 429
          ? 'Too many attempts. Wait a little and try again.'
          : messageOf(error),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-card">
      <h1>Sign in</h1>
      <form ref={formRef} onSubmit={submit} noValidate>
        <Field
          label="E-mail"
          name="email"
          type="email"
          autoComplete="email"
          value={email}
          error={errors.email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          error={errors.password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <FormError error={failure} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <div className="auth-links">
        <Link to="/forgot-password">Forgot your password?</Link>
        <Link to={`/signup${params.get('next') ? `?next=${encodeURIComponent(params.get('next')!)}` : ''}`}>
          Create an account
        </Link>
      </div>
    </div>
  );
}
