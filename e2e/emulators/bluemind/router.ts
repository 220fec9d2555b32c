// The core's REST router (`RestRootHandler.TreePathNode`, brief §1.2): one tree per HTTP method; a static
// segment wins, a `{param}` segment is a wildcard only when no static child matches — and there is no
// backtracking once a static child was taken.

import { type BlueMindVersion } from './model.js';
import { type Handler } from './http.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type AuthMode = 'anonymous' | 'session' | 'optional';

export interface RouteSpec {
  method: HttpMethod;
  /** Full path template, e.g. `/api/mail_items/{folderUid}/_mgetById`. */
  path: string;
  /** `session` (default): a key is required; `optional`: anonymous allowed (ping, installation infos). */
  auth?: AuthMode;
  /** Raw-body (`Stream`) endpoint: chunked bodies allowed. */
  stream?: boolean;
  /** nginx body limit for this location (brief §1.1); over it nginx answers 413 HTML. */
  maxBody?: number;
  /** `@RequiredRoles`: the caller needs at least one (brief §10.1: else 500 FORBIDDEN). */
  roles?: string[];
  /** Versions exposing the route (default: all). */
  versions?: BlueMindVersion[];
  handler: Handler;
}

interface Node {
  children: Map<string, Node>;
  leaves: Map<string, RouteSpec>;
}

const newNode = (): Node => ({ children: new Map(), leaves: new Map() });
const magic = (seg: string): string => (seg.startsWith('{') ? '_' : seg);

/** Segments of a route template (`/api/a/{b}` → `api`, `a`, `{b}`). */
function segments(path: string): string[] {
  return path.split('/').slice(1);
}

export class Router {
  private trees = new Map<string, Node>();

  constructor(routes: RouteSpec[]) {
    for (const r of routes) {
      for (const v of r.versions ?? (['4.8', '5'] as const)) {
        const key = `${v} ${r.method}`;
        let node = this.trees.get(key);
        if (!node) {
          node = newNode();
          this.trees.set(key, node);
        }
        const segs = segments(r.path);
        segs.forEach((seg, i) => {
          if (!node) return;
          if (i === segs.length - 1) {
            if (node.leaves.has(magic(seg))) throw new Error(`duplicate route ${r.method} ${r.path}`);
            node.leaves.set(magic(seg), r);
          } else {
            let child = node.children.get(magic(seg));
            if (!child) {
              child = newNode();
              node.children.set(magic(seg), child);
            }
            node = child;
          }
        });
      }
    }
  }

  match(
    version: BlueMindVersion,
    method: string,
    rawPath: string,
  ): { route: RouteSpec; params: Record<string, string> } | null {
    let node = this.trees.get(`${version} ${method}`);
    if (!node) return null;
    const segs = rawPath.split('/').slice(1);
    // Empty segments from `//` collapse like the original's `charAt(1) == '/'` skip; a trailing empty
    // segment is kept (it can match a `{param}` leaf).
    const path = segs.filter((s, i) => s !== '' || i === segs.length - 1);
    let route: RouteSpec | undefined;
    for (let i = 0; i < path.length; i += 1) {
      const seg = path[i] ?? '';
      if (i === path.length - 1) {
        route = node.leaves.get(seg) ?? node.leaves.get('_');
      } else {
        node = node.children.get(seg) ?? node.children.get('_');
        if (!node) return null;
      }
    }
    if (!route) return null;
    const params: Record<string, string> = {};
    const tpl = segments(route.path);
    tpl.forEach((t, i) => {
      if (t.startsWith('{')) params[t.slice(1, -1)] = safeDecode(path[i] ?? '');
    });
    return { route, params };
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
