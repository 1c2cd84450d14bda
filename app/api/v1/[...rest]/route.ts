import { errorResponse } from '@/server/api';
import { AppError } from '@/lib/errors';

// Unknown API paths answer in the API's error shape, not with an HTML page.
function notFound(request: Request) {
  return errorResponse(new AppError('not_found', `No API route ${new URL(request.url).pathname}`));
}
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
