/**
 * Which requests may reach this server. A page on another site may not open a socket here
 * (Origin), and a DNS name we don't know may not point at us (Host): that stops DNS rebinding,
 * where a foreign page makes its own name resolve to the school's server.
 */

function hostnameOf(host: string): string {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return '';
  }
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** IP literals and localhost can't be rebound; any other name must be the PUBLIC_URL's. */
export function isAllowedHost(host: string | undefined, publicUrl: string): boolean {
  if (!host) return false;
  const name = hostnameOf(host);
  if (name === 'localhost' || IPV4.test(name) || name.startsWith('[')) return true;
  return publicUrl !== '' && name === hostnameOf(new URL(publicUrl).host);
}

/** Browsers send Origin; it must be this very host (or PUBLIC_URL's). Node clients send none. */
export function isSameOrigin(origin: string | undefined, host: string | undefined, publicUrl: string): boolean {
  if (!origin) return true;
  try {
    const { host: originHost } = new URL(origin);
    return originHost === host || (publicUrl !== '' && originHost === new URL(publicUrl).host);
  } catch {
    return false;
  }
}
