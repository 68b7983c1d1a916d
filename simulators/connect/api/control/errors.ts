/** Control-plane errors: a status and `{message}`, like the AWS APIs but in plain words. */
import { ApiError } from "../http/errors.js";

export const controlError = {
  badRequest: (message: string) => new ApiError(400, "ValidationException", message),
  notFound: (message: string) => new ApiError(404, "ResourceNotFoundException", message),
  conflict: (message: string) => new ApiError(409, "ConflictException", message),
};
