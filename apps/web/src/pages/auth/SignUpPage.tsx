// Sign up: signed in at once; the verification link arrives by e-mail.
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
import { safeNext } from './SignInPage';

export const PASSWORD_HINT = 'At least 12 characters; a phrase of several words works well.';

export function passwordError(password: string): string | undefined {
  if (!password) return 'Choose a password.';
  if (password.length < 12) return 'Use at least 12 characters.';
  return undefined;
}

export function SignUpPage() {
  useTitle('Create an account');
  const api = useApi();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ displayName: '', email: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const bind = (name: keyof typeof values) => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (event: { target: { value: string } }) =>
      setValues((v) => ({ ...v, [name]: event.target.value })),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const found = compact({
      email:
        required(values.email, 'your e-mail address') ??
        (EMAIL.test(values.email) ? undefined : 'Enter a valid e-mail address.'),
      password: passwordError(values.password),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return setTimeout(() => focusFirstInvalid(formRef.current));
    setBusy(true);
    try {
      await api.auth.register({
        email: values.email.trim(),
        password: values.password,
        ...(values.displayName.trim() ? { displayName: values.displayName.trim() } : {}),
      });
      navigate(safeNext(params.get('next')) === '/' ? '/account?welcome=1' : safeNext(params.get('next')), {
        replace: true,
      });
    } catch (error) {
      const fields = serverFieldErrors(error);
      if (error instanceof ApiError && error.slug === 'email-taken') {
        fields.email = 'An account with this e-mail already exists. Sign in instead?';
      }
      setErrors(fields);
      setFailure(
        Object.keys(fields).length > 0 ? 'Please correct the highlighted fields.' : messageOf(error),
      );
      setTimeout(() => focusFirstInvalid(formRef.current));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-card">
      <h1>Create an account</h1>
      <form ref={formRef} onSubmit={submit} noValidate>
        <Field label="Your name (optional)" autoComplete="name" {...bind('displayName')} />
        <Field label="E-mail" type="email" autoComplete="email" {...bind('email')} />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          hint={PASSWORD_HINT}
          {...bind('password')}
        />
        <FormError error={failure} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <div className="auth-links">
        <span>
          Already have an account? <Link to="/signin">Sign in</Link>
        </span>
      </div>
    </div>
  );
}
