'use client';

import { useRef, useState, useSyncExternalStore } from 'react';

const noop = () => () => {};

/**
 * The header's navigation. On wide screens it is simply laid out in the bar; on
 * a phone it folds behind a disclosure button (aria-expanded, Escape closes and
 * returns focus, following a link closes it), and the button carries what waits inside (the review and
 * inbox counts) so a phone shows them without opening it. Until the script runs the links
 * stay visible, so the menu works without JavaScript.
 */
export function HeaderMenu({ children, waiting }: { children: React.ReactNode; /** Shown on the folded menu's button: what waits inside (counts). */ waiting?: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const enhanced = useSyncExternalStore(noop, () => true, () => false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div
      className="header-menu"
      data-enhanced={enhanced ? '' : undefined}
      data-open={open ? '' : undefined}
      // On the wrapper, so Escape works from the button as well as from inside the menu.
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="menu-toggle"
        aria-expanded={open}
        aria-controls="site-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <span className="menu-icon" aria-hidden="true" />
        Menu
        {waiting}
      </button>
      <div
        id="site-menu"
        className="menu-panel"
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('a')) setOpen(false);
        }}
      >
        {children}
      </div>
    </div>
  );
}
