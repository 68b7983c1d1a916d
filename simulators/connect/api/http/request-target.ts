/**
 * The path and query of a request target, whatever the client put there. Node hands over the
 * target as sent: origin-form (`/contact/chat?x=1`), absolute-form (`http://host/path`, which
 * proxies send and servers must accept), or junk (`//[`, `http://`). Junk is the client's
 * mistake: undefined here, a 400 for the caller — never an exception out of a handler.
 */
export interface RequestTarget {
  pathname: string;
  searchParams: URLSearchParams;
}

/**
 * A path the URL parser would hand back unchanged: origin-form, no `//` in front (a host to
 * the parser), no dot (no dot segment to resolve) and no percent-escape (`%2e` is a dot to
 * it), no character it would escape. Nearly every request is one; they skip building a URL, which
 * costs more than the rest of the routing. The query after `?` is kept to the same
 * characters, so URLSearchParams reads it as it would read the URL's.
 */
const PLAIN_TARGET = /^\/(?!\/)[A-Za-z0-9\-_~!$&'()*+,;=:@/]*(?:\?[A-Za-z0-9\-_~!$&'()*+,;=:@/?.]*)?$/;

export function parseRequestTarget(target: string | undefined): RequestTarget | undefined {
  if (!target) return undefined;
  if (PLAIN_TARGET.test(target)) {
    const q = target.indexOf("?");
    return q < 0 ? { pathname: target, searchParams: new URLSearchParams() } : { pathname: target.slice(0, q), searchParams: new URLSearchParams(target.slice(q + 1)) };
  }
  try {
    const url = new URL(target, "http://simulator.invalid");
    return { pathname: url.pathname, searchParams: url.searchParams };
  } catch {
    return undefined;
  }
}
