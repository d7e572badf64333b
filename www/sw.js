// Weft's service worker, for static hosts that send no COOP/COEP headers: it adds them
// to every same-origin response (pages, scripts, the engine), which makes the pages it
// controls cross-origin isolated and so gives them SharedArrayBuffer. Installed by
// www/app/isolation.js only when a page finds itself not isolated.

import { embedderPolicy } from './coep.js';

const EMBEDDER_POLICY = embedderPolicy(navigator.userAgent);

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  if (new URL(event.request.url).origin !== self.location.origin) return;
  event.respondWith(isolated(event.request));
});

async function isolated(request) {
  const response = await fetch(request);
  // Opaque responses and redirects cannot be rebuilt; pass them on unchanged.
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', EMBEDDER_POLICY);
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
