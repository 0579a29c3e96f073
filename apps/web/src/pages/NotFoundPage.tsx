import { Link } from 'react-router';
import { useTitle } from '../app/use-title';

export function NotFoundPage() {
  useTitle('Page not found');
  return (
    <div className="state state-empty">
      <h1>Page not found</h1>
      <p>That page does not exist (any more).</p>
      <Link to="/" className="button">
        Back to the shop
      </Link>
    </div>
  );
}
