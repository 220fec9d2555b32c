import { hostname } from 'node:os';
import { createHttpClient } from '../../connectors/http/http-client';
import type { FetchLike, Network } from '../../connectors/http/network';
import { createNodeFetch } from '../../connectors/http/node-fetch';
import type { CertificateTrust } from '../tls/trust';
import type { DriverContext } from './driver';

export interface NetworkOptions {
  trust: CertificateTrust;
  /** Electron `net.fetch` in production; by default a Node fetch that applies the certificate decisions. */
  fetch?: FetchLike;
  timeoutMs?: number;
  version: string;
}

export function createDriverContext(options: NetworkOptions): DriverContext {
  const { trust } = options;
  const network: Network = {
    fetch: options.fetch ?? createNodeFetch((endpoint) => trust.tlsOptionsFor(endpoint)),
    tlsOptions: (host) => trust.tlsOptions(host),
    prepareTls: (endpoint) => trust.prepare(endpoint),
    certificateRefusal: (endpoint) => trust.refusal(endpoint),
    timeoutMs: options.timeoutMs ?? 20_000,
  };
  return {
    network,
    http: createHttpClient(network),
    client: { name: 'Bastide', version: options.version, device: `${hostname()} (${process.platform})` },
  };
}
