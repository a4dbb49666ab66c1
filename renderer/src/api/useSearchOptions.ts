import { useEffect, useState } from 'react';

/**
 * Options for a search-as-you-type picker: asks `search` for what the user typed, 200 ms after
 * the last keystroke, and keeps only the latest answer. `search` must be stable (module level or memoised).
 */
export function useSearchOptions<T>(search: (text: string | undefined) => Promise<T[]>) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState<T[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      search(text.trim() || undefined).then(
        (found) => live && setOptions(found),
        () => live && setOptions([]),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, search]);
  return { options, setText };
}
