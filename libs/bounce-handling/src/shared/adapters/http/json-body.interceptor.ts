import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * The API speaks JSON only: a body of another type would otherwise be parsed by whatever
 * parser the host installed (forms, text) and fail validation with a misleading message.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (METHODS_WITH_BODY.has(request.method) && hasBody(request) && !request.is(['application/json', 'application/*+json'])) {
      throw new UnsupportedMediaTypeException('The request body must be JSON (Content-Type: application/json)');
    }
    return next.handle();
  }
}

function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}
