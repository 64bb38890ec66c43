import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: 'Harbinger — log anomaly workbench',
  description: 'Explore server logs, detect anomalies and predict failures, entirely in your browser.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // rendered per request: Next puts the request's CSP nonce (proxy.ts) on its scripts only then
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
