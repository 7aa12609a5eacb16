// A search field that filters as the person types (after a short pause) and on Enter.
import { useEffect, useId, useState } from 'preact/hooks';

interface Props {
  label: string;
  placeholder?: string;
  onSearch: (query: string) => void;
}

const TYPING_PAUSE_MS = 300;

export function SearchBar({ label, placeholder, onSearch }: Props) {
  const [text, setText] = useState('');
  const id = useId();

  useEffect(() => {
    const timer = setTimeout(() => onSearch(text.trim()), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, onSearch]);

  return (
    <form
      class="search-bar"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(text.trim());
      }}
    >
      <label for={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder={placeholder}
        autocomplete="off"
        onInput={(event) => setText(event.currentTarget.value)}
      />
      <button type="submit">Search</button>
    </form>
  );
}
