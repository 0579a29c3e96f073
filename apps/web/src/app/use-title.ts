import { useEffect } from 'react';

/** Sets the document title, so tabs, history and screen readers name the page. */
export function useTitle(title: string | undefined): void {
  useEffect(() => {
    if (title) document.title = `${title} · Emporium`;
  }, [title]);
}
