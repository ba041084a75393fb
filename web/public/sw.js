// The resident portal's service worker (registered with scope /portal/). It shows CiVQ's push
// notices and opens the notice's page when one is clicked. A payload is already in the
// resident's language (title, body, lang), so this file holds no words of its own.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** Only a page of this site: the path of the notice's link, on this worker's origin. */
function pageOf(link) {
  try {
    const url = new URL(link, self.location.origin);
    return new URL(url.pathname + url.search + url.hash, self.location.origin).href;
  } catch {
    return new URL('/portal/account/activity', self.location.origin).href;
  }
}

self.addEventListener('push', (event) => {
  let notice = null;
  try {
    notice = event.data ? event.data.json() : null;
  } catch {
    notice = null;
  }
  if (!notice || typeof notice.title !== 'string') return;
  event.waitUntil(
    self.registration.showNotification(notice.title, {
      body: typeof notice.body === 'string' ? notice.body : '',
      lang: notice.lang === 'es' ? 'es' : 'en',
      tag: typeof notice.tag === 'string' ? notice.tag : undefined,
      icon: '/favicon.svg',
      data: { url: pageOf(typeof notice.url === 'string' ? notice.url : '/portal/account/activity') },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || pageOf('/portal/account/activity');
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => w.url === url);
      if (open) return open.focus();
      return self.clients.openWindow(url);
    })(),
  );
});
