import type { FastifyReply } from 'fastify';

/**
 * The one 404 answer, for unknown paths and unknown feed tokens alike: a feed URL with a
 * wrong token must not tell a guesser that a feed lives there.
 */
export function replyNotFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).header('cache-control', 'no-store').type('application/json; charset=utf-8').send({ error: 'not found' });
}
