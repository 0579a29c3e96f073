import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../app/api-context';
import { useTitle } from '../../app/use-title';
import { Field } from '../../components/Field';
import { EMAIL } from '../../components/form';
import { FormError, messageOf } from '../../components/states';

export function ForgotPasswordPage() {
  useTitle('Reset your password');
  const api = useApi();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [sent, setSent] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!EMAIL.test(email.trim())) return setError('Enter a valid e-mail address.');
    setError(undefined);
    try {
      await api.auth.forgotPassword(email.trim());
      setSent(true);
    } catch (failed) {
      setFailure(messageOf(failed));
    }
  };

  return (
    <div className="auth-card">
      <h1>Reset your password</h1>
      {sent ? (
        <p className="notice notice-success" role="status">
          If an account uses {email}, a reset link is on its way. It works once and expires in an hour.
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="muted">We will e-mail you a link to choose a new password.</p>
          <Field
            label="E-mail"
            name="email"
            type="email"
            autoComplete="email"
            value={email}
            error={error}
            onChange={(e) => setEmail(e.target.value)}
          />
          <FormError error={failure} />
          <button type="submit" className="button button-primary">
            Send reset link
          </button>
        </form>
      )}
      <div className="auth-links">
        <Link to="/signin">Back to sign in</Link>
      </div>
    </div>
  );
}
