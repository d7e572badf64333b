// Cross-origin isolation on any static host. Without COOP/COEP headers from the server
// there is no SharedArrayBuffer, so the page installs www/sw.js, which adds the headers
// to every same-origin response, and reloads once under it. A second failure is final:
// the caller then explains the problem instead of looping.

const RELOADED = 'weft-isolation-reload';
// A worker that is not active by then never will be (blocked by policy or the browser).
const ACTIVE_WITHIN_MS = 10_000;

// Resolves true when the page is isolated and false when it cannot be; while it reloads
// the page it never resolves.
export async function ensureIsolated(serviceWorkerUrl) {
  if (globalThis.crossOriginIsolated) {
    sessionStorage.removeItem(RELOADED);
    return true;
  }
  if (sessionStorage.getItem(RELOADED) || !('serviceWorker' in navigator) || !isSecureContext) return false;
  try {
    // A module worker: it shares www/coep.js with the server.
    await navigator.serviceWorker.register(serviceWorkerUrl, { type: 'module' });
    await Promise.race([
      navigator.serviceWorker.ready,
      new Promise((_, reject) => setTimeout(() => reject(new Error('service worker not active')), ACTIVE_WITHIN_MS)),
    ]);
  } catch {
    return false;
  }
  sessionStorage.setItem(RELOADED, '1');
  location.reload();
  return new Promise(() => {});
}
