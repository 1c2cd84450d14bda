import { STATUS_LABELS, type DecisionStatus } from '@/lib/validation/common';

/* One colour, one word and one shape per status, everywhere: never colour alone. */
const ICONS: Record<DecisionStatus, React.ReactNode> = {
  draft: <path d="M3 13l1-4 7-7 3 3-7 7-4 1z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />,
  'in-review': (
    <>
      <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </>
  ),
  published: <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" strokeLinejoin="round" />,
  superseded: <path d="M2.5 8h9M8.5 4.5L12 8l-3.5 3.5" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />,
  reversed: <path d="M12 6H5.5a3 3 0 000 6H9M5 3L2.5 6 5 8.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" transform="translate(1 0)" />,
  withdrawn: (
    <>
      <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M4 12l8-8" stroke="currentColor" strokeWidth="1.6" />
    </>
  ),
};

export function StatusBadge({ status }: { status: DecisionStatus }) {
  return (
    <span className={`status status-${status}`}>
      <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        {ICONS[status]}
      </svg>
      {STATUS_LABELS[status]}
    </span>
  );
}
