/**
 * Why the instance refused a request: to create or change a resource, or to act on a
 * contact or an agent. The runtime knows nothing of HTTP: the API layer turns each kind
 * into the exception the service documents for the operation (not-found →
 * ResourceNotFoundException, duplicate → DuplicateResourceException...).
 */
export type RefusalKind =
  /** A referenced resource does not exist. */
  | "not-found"
  /** The name is taken. */
  | "duplicate"
  /** The request is well formed but breaks a rule of the resource. */
  | "invalid"
  /** The resource is used by another and cannot go. */
  | "in-use";

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
    this.name = "Refusal";
  }
}

/** Flow or module content that cannot be published: one message per error, in the service's words. */
export class FlowContentRefusal extends Error {
  constructor(
    readonly kind: "flow" | "module",
    readonly problems: string[],
  ) {
    super(`the ${kind === "module" ? "flow module" : "flow"} is not valid: ${problems.join("; ")}`);
    this.name = "FlowContentRefusal";
  }
}

/** PropertyValidationException's PropertyList entry. */
export interface PropertyProblem {
  path: string;
  reason: "INVALID_FORMAT" | "NOT_SUPPORTED" | "REFERENCED_RESOURCE_NOT_FOUND" | "REQUIRED_PROPERTY_MISSING" | "RESOURCE_NAME_ALREADY_EXISTS" | "TYPE_MISMATCH" | "UNIQUE_CONSTRAINT_VIOLATED";
  message: string;
}

/** A task template (or similar property bag) with properties the service rejects. */
export class PropertyRefusal extends Error {
  constructor(readonly properties: PropertyProblem[]) {
    super(properties.map((p) => `${p.path}: ${p.message}`).join("; "));
    this.name = "PropertyRefusal";
  }
}

/**
 * A request the runtime refuses (unknown contact or agent, wrong state, quota). The API
 * layer turns the kind into the service's error; the control plane into its 4xx.
 */
export class RequestRefused extends Error {
  constructor(
    readonly kind: "invalid" | "not-found" | "conflict" | "quota",
    message: string,
  ) {
    super(message);
    this.name = "RequestRefused";
  }
}
