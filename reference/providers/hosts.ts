/**
 * Which host a request goes to under a region and an edge. The three libraries build it the same
 * way (twilio-node BaseTwilio.getHostname, twilio-python ClientBase.get_hostname, twilio-ruby
 * ClientBase#build_uri) for the non-empty labels the vocabulary allows: the product label stays,
 * the edge and region replace any already in the host, and an edge without a region takes `us1`.
 */

/** The default region of an edge given without one. */
export const DEFAULT_REGION = 'us1';

/** Twilio's base hosts: the token endpoint and the REST resources the harness fetches. */
export const BASE_HOSTS = {
  token: 'oauth.twilio.com',
  account: 'api.twilio.com',
  organization_account: 'preview-iam.twilio.com',
} as const;

/** A region and an edge, either absent. */
export interface Location {
  readonly region?: string;
  readonly edge?: string;
}

/** `host` under `where`: `product[.edge][.region].domain`, or `host` unchanged when neither is set. */
export function regionalHost(host: string, where: Location): string {
  if (!where.region && !where.edge) return host;
  const pieces = host.split('.');
  const product = pieces[0];
  const domain = pieces.slice(-2).join('.');
  // product.region.domain or product.edge.region.domain: what the host already names.
  const [hostEdge, hostRegion] = pieces.length === 5 ? [pieces[1], pieces[2]] : pieces.length === 4 ? [undefined, pieces[1]] : [undefined, undefined];
  const edge = where.edge || hostEdge;
  const region = where.region || hostRegion || (edge ? DEFAULT_REGION : undefined);
  return [product, edge, region, domain].filter((p) => p).join('.');
}
