// A small palette of unicode emoji to react with. Arrow keys move between them; Escape closes.
import { useEffect, useRef } from 'preact/hooks';

export const REACTION_EMOJI = ['👍', '👎', '❤️', '😂', '😮', '😢', '🎉', '👀', '🔥', '✅', '🙏', '🚀'];

export function ReactionPicker({ onPick, onClose }: { onPick: (emoji: string) => void; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
    const onDocument = (event: MouseEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) onClose();
    };
    document.addEventListener('mousedown', onDocument);
    return () => document.removeEventListener('mousedown', onDocument);
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    const buttons = [...(ref.current?.querySelectorAll('button') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      const next = (index + (event.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length;
      buttons[next]?.focus();
    }
  };
  return (
    <div class="reaction-picker" role="group" aria-label="Pick a reaction" ref={ref} onKeyDown={onKeyDown}>
      {REACTION_EMOJI.map((emoji) => (
        <button type="button" key={emoji} class="reaction-choice" aria-label={`React with ${emoji}`} onClick={() => onPick(emoji)}>
          {emoji}
        </button>
      ))}
    </div>
  );
}
