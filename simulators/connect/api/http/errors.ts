/**
 * AWS-shaped errors. The SDK reads the error name from `x-amzn-ErrorType` (then body
 * `code`, then `__type`) and the message from `message`/`Message`, so every error carries
 * all of them; modelled members (problems, ResourceId...) go beside the message.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    readonly members: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = errorType;
  }
}

export const connectErrors = {
  invalidParameter: (message: string) => new ApiError(400, "InvalidParameterException", message),
  invalidRequest: (message: string, reason?: unknown) => new ApiError(400, "InvalidRequestException", message, reason === undefined ? {} : { Reason: reason }),
  resourceNotFound: (message: string) => new ApiError(404, "ResourceNotFoundException", message),
  contactNotFound: (message: string) => new ApiError(410, "ContactNotFoundException", message),
  duplicate: (message: string) => new ApiError(409, "DuplicateResourceException", message),
  invalidContactFlow: (problems: { message: string }[]) => new ApiError(400, "InvalidContactFlowException", "The flow is not valid.", { problems }),
  accessDenied: (message = "Access denied") => new ApiError(403, "AccessDeniedException", message),
  limitExceeded: (message: string) => new ApiError(429, "LimitExceededException", message),
  quotaExceeded: (message: string) => new ApiError(402, "ServiceQuotaExceededException", message),
  propertyValidation: (message: string, properties: { PropertyPath: string; Reason: string; Message: string }[]) =>
    new ApiError(400, "PropertyValidationException", message, { PropertyList: properties }),
  conflict: (message: string) => new ApiError(409, "ConflictException", message),
  internal: (message: string) => new ApiError(500, "InternalServiceException", message),
};

export const participantErrors = {
  accessDenied: () => new ApiError(403, "AccessDeniedException", "Access denied"),
  validation: (message: string) => new ApiError(400, "ValidationException", message),
  conflict: (message: string) => new ApiError(409, "ConflictException", message),
  quotaExceeded: (message: string) => new ApiError(402, "ServiceQuotaExceededException", message),
  resourceNotFound: (message: string, resourceType?: string, resourceId?: string) =>
    new ApiError(404, "ResourceNotFoundException", message, { ...(resourceType ? { ResourceType: resourceType } : {}), ...(resourceId ? { ResourceId: resourceId } : {}) }),
  internal: (message: string) => new ApiError(500, "InternalServerException", message),
};

export function errorBody(err: ApiError): Record<string, unknown> {
  return { __type: err.errorType, message: err.message, Message: err.message, ...err.members };
}
