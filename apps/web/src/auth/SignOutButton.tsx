// Signing out: ends the session on the server and goes home. In the header from 640 px up; on a
// phone the header has room only for "Account", so the account page carries it there.
import { useNavigate } from 'react-router';
import { useApi } from '../app/api-context';

export function SignOutButton({ className = 'link-button' }: { className?: string }) {
  const api = useApi();
  const navigate = useNavigate();
  return (
    <button
      type="button"
      className={className}
      onClick={async () => {
        await api.auth.logout();
        navigate('/');
      }}
    >
      Sign out
    </button>
  );
}
