import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time.
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  // Lets two builds (e.g. a helper's and CI's) live side by side; the default is Next's own.
  distDir: process.env.CANDOR_DIST_DIR || '.next',
  typedRoutes: false,
  // No headers() here: Next leaves them off its own redirects (trailing and repeated slashes). The
  // security headers come from server/security-headers.ts, set by proxy.ts and, on whatever proxy.ts
  // does not see (those redirects, /_next/static), by the request hook in server/client-address.ts.
  experimental: {
    serverActions: {
      // A full decision (every Markdown field at its 50,000-character limit) fits, and so does
      // an uploaded folder of ADRs.
      bodySizeLimit: '10mb',
    },
  },
};

export default nextConfig;
