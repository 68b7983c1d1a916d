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

export function parseRequestTarget(target: string | undefined): RequestTarget | undefined {
  if (!target) return undefined;
  try {
    const url = new URL(target, "http://simulator.invalid");
    return { pathname: url.pathname, searchParams: url.searchParams };
  } catch {
    return undefined;
  }
}
