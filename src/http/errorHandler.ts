import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../logger.js';

/** Fields that body-parser and http-errors set on the errors they raise. */
interface HttpErrorFields {
  status?: unknown;
  expose?: unknown;
  type?: unknown;
  limit?: unknown;
  length?: unknown;
  message?: unknown;
}

function clientMessage(error: HttpErrorFields, status: number): string {
  if (error.type === 'entity.parse.failed') {
    return `the request body is not valid JSON (${String(error.message)}); send a JSON object such as {"query": "{ serverInfo { version } }"}`;
  }
  if (error.type === 'entity.too.large') {
    return `the request body has ${String(error.length)} bytes, over the limit of ${String(error.limit)} bytes; send a smaller request, or upload a large CSV file as a multipart file`;
  }
  if (status === 413) return `${String(error.message).replace(/\.$/, '')}; send a smaller request`;
  return `the request is invalid: ${String(error.message)}`;
}

/**
 * Sends a GraphQL error body for errors raised before Apollo Server reads a
 * request (invalid JSON, a body over the size limit, a malformed multipart
 * upload), where Express would send an HTML page with a stack trace. An
 * error without a 4xx status is logged and sent as a generic 500.
 */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }

    const fields = (error ?? {}) as HttpErrorFields;
    const status = typeof fields.status === 'number' ? fields.status : 500;
    if (status >= 400 && status < 500 && fields.expose !== false) {
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
      logger.info({ path: request.path, status, code, reason: String(fields.message) }, 'request rejected before GraphQL execution');
      response.status(status).json({ errors: [{ message: clientMessage(fields, status), extensions: { code } }] });
      return;
    }

    logger.error({ err: error, path: request.path }, 'unexpected error in HTTP request');
    response.status(500).json({ errors: [{ message: 'Internal server error; the failure was logged on the server', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  };
}
