import type { FastifyRequest } from 'fastify';

/**
 * The request's query string as `URLSearchParams`: repeated parameters kept in order, as
 * `parseFeedFilterQuery` reads them. (Fastify's parsed `request.query` folds repeats into
 * arrays only sometimes, depending on how many there are.)
 */
export function requestQuery(request: FastifyRequest): URLSearchParams {
  const at = request.url.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : request.url.slice(at + 1));
}
