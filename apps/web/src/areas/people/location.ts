import { useEffect, useState } from 'react';

/**
 * `location.search`, kept current: the app re-renders on path changes only, and a search page
 * changes only its query (`navigate('/people?q=…')` fires the router's event, Back fires popstate).
 */
export function useLocationSearch(): string {
  const [search, setSearch] = useState(() => window.location.search);
  useEffect(() => {
    const update = () => setSearch(window.location.search);
    window.addEventListener('popstate', update);
    window.addEventListener('plein:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('plein:navigate', update);
    };
  }, []);
  return search;
}
