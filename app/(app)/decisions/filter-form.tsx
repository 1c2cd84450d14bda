'use client';

import Form from 'next/form';
import { useSearchParams } from 'next/navigation';
import { useEffect, useRef } from 'react';

/**
 * The history filters as a GET form that applies itself: choosing a team,
 * status, metric, date or sort submits at once; text fields (search, author,
 * tag) apply when you leave them or press Enter. The submit button stays for
 * anyone without JavaScript, and the URL stays the shareable source of truth.
 */
export function FilterForm({ children, className, label }: { children: React.ReactNode; className?: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const params = useSearchParams();

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // The native "change" event (React's onChange fires on every keystroke): a select or date
    // applies on choice, a text field when it is committed — submitting never fights the typing.
    const onChange = (e: Event) => {
      const field = e.target as HTMLInputElement | HTMLSelectElement;
      if (field.name && field.form) field.form.requestSubmit();
    };
    el.addEventListener('change', onChange);
    // A choice made while the page was still loading (before this listener) is applied now that it runs:
    // a select or date whose value is no longer the one the server rendered was changed by the person.
    const form = el.querySelector('form');
    const chosenWhileLoading = Array.from(form?.elements ?? []).some((f) =>
      f instanceof HTMLSelectElement
        ? f.name !== '' && f.value !== (Array.from(f.options).find((o) => o.defaultSelected) ?? f.options[0])?.value
        : f instanceof HTMLInputElement && f.type === 'date' && f.name !== '' && f.value !== f.defaultValue,
    );
    if (chosenWhileLoading) form?.requestSubmit();
    return () => el.removeEventListener('change', onChange);
  }, []);

  // The form stays mounted across navigations (focus stays where it was); after "Clear" or
  // Back, its fields follow the address bar — except the one being used. Not on the first
  // render: the server already filled them from the address, and a choice made while the page
  // was still loading (applied above once the page runs) must not be undone.
  const shown = useRef(params.toString());
  useEffect(() => {
    const form = box.current?.querySelector('form');
    if (!form || params.toString() === shown.current) return;
    shown.current = params.toString();
    for (const field of Array.from(form.elements) as (HTMLInputElement | HTMLSelectElement)[]) {
      if (!field.name || field === document.activeElement || !('value' in field)) continue;
      const fallback = field instanceof HTMLSelectElement ? (field.options[0]?.value ?? '') : '';
      field.value = params.get(field.name) ?? fallback;
    }
  }, [params]);

  return (
    <div ref={box}>
      <Form action="/decisions" className={className} role="search" aria-label={label}>
        {children}
      </Form>
    </div>
  );
}
