import Link from 'next/link';

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main id="main" className="auth-shell">
      <div className="auth-card">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            C
          </span>
          Candor
        </Link>
        {children}
      </div>
    </main>
  );
}
