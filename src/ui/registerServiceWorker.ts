/**
 * Registers the offline service worker, in the production build only (vite dev serves modules
 * the worker must not cache). Failure is harmless: the playground simply needs the network.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch((error: unknown) => console.warn('Offline mode unavailable:', error));
  });
}
