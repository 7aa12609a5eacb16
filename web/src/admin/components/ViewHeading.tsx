// The heading of the view on screen; it also names the browser tab. It takes focus when the view
// opens from the navigation, so keyboard and screen reader users land on the new content.
import { useEffect, useRef } from 'preact/hooks';

export function ViewHeading({ id, children }: { id: string; children: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · Accord admin`;
    if (document.activeElement?.closest('nav.sections')) heading.current?.focus();
  }, [children]);
  return (
    <h2 id={id} ref={heading} tabIndex={-1}>
      {children}
    </h2>
  );
}
