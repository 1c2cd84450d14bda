import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time.
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  // Lets two builds (e.g. a helper's and CI's) live side by side; the default is Next's own.
  distDir: process.env.CANDOR_DIST_DIR || '.next',
  typedRoutes: false,
  // proxy.ts sets the security headers on everything else; it skips static files for speed.
  async headers() {
    return [{ source: '/_next/static/:path*', headers: [{ key: 'X-Content-Type-Options', value: 'nosniff' }] }];
  },
  experimental: {
    serverActions: {
      // A full decision (every Markdown field at its 50,000-character limit) fits, and so does
      // an uploaded folder of ADRs.
      bodySizeLimit: '10mb',
    },
  },
};

export default nextConfig;
