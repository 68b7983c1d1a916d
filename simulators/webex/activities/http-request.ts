/**
 * HTTP Request (http-request-v2). Every completed response leaves on `default`,
 * whatever its status; the flow branches on `<label>.httpStatusCode`. There is no
 * error port: a timeout, a refused connection or a connector that cannot authenticate
 * goes to OnGlobalError (reference §2).
 */
import { ActivityError, mapTemplates, numberProp, textTemplate, type ActivitySpec } from "./types.js";
import { HttpFailure } from "../runtime/http.js";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];
const UNSUPPORTED_BODIES = ["httpRequestBodyFiles", "httpRequestBodyFormData", "httpRequestBodyGQL"];

function withQuery(url: string, params: Record<string, string>): string {
  const entries = Object.entries(params);
  if (!entries.length) return url;
  const query = entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  return url.includes("?") ? `${url}${url.endsWith("?") || url.endsWith("&") ? "" : "&"}${query}` : `${url}?${query}`;
}

/** `httpContentType` as the UI writes it ("Application/JSON", "None") → a Content-Type header value. */
function contentTypeHeader(v: unknown): string | undefined {
  if (typeof v !== "string" || v === "" || v.toLowerCase() === "none") return undefined;
  return v.toLowerCase();
}

export const httpRequest: ActivitySpec = {
  names: ["http-request-v2"],
  title: "HTTP Request",
  ports: () => ["default"],
  errorPorts: [],
  outputs: ["httpStatusCode", "httpResponseBody", "httpResponseHeaders"],
  templates: (p) => [
    ...textTemplate(p, "httpRequestPath"),
    ...textTemplate(p, "httpRequestUrl"),
    ...textTemplate(p, "httpRequestBody"),
    ...mapTemplates(p, "httpRequestHeaders"),
    ...mapTemplates(p, "httpQueryParameters"),
  ],
  validate(a, v) {
    const p = a.props;
    const method = p.httpRequestMethod;
    if (typeof method !== "string" || !METHODS.includes(method.toUpperCase())) v.error(`httpRequestMethod "${String(method)}" is not one of ${METHODS.join(", ")}`, "httpRequestMethod");
    if (p.authenticated === true) {
      if (typeof p.connectorId !== "string" || p.connectorId === "") v.error("authenticated request without a connectorId", "connectorId");
      if (typeof p.httpRequestPath !== "string") v.error("authenticated request without an httpRequestPath", "httpRequestPath");
    } else if (typeof p.httpRequestUrl !== "string" || p.httpRequestUrl === "") v.error("no httpRequestUrl (and the request is not authenticated through a connector)", "httpRequestUrl");
    const timeout = numberProp(p, "httpResponseTimeout");
    if (timeout !== undefined && !(timeout > 0)) v.error(`httpResponseTimeout "${String(p.httpResponseTimeout)}" is not a positive number of milliseconds`, "httpResponseTimeout");
    const retries = numberProp(p, "retryAttempts");
    if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) v.error(`retryAttempts "${String(p.retryAttempts)}" is not a whole number`, "retryAttempts");
    const type = p.contentType;
    if (type !== undefined && type !== null && type !== "" && type !== "JSON") v.error(`contentType "${String(type)}" is not supported: the simulator parses JSON responses only`, "contentType");
    for (const k of UNSUPPORTED_BODIES) {
      const x = p[k];
      if (x !== undefined && x !== null && !(Array.isArray(x) && x.length === 0) && x !== "") v.error(`${k} is not supported by the simulator (only a text body, httpRequestBody)`, k);
    }
    for (const k of ["httpRequestHeaders", "httpQueryParameters"]) {
      const x = p[k];
      if (x !== undefined && x !== null && (typeof x !== "object" || Array.isArray(x))) v.error(`${k} must be a map of names to values`, k);
    }
  },
  async run(ctx) {
    const { props } = ctx.activity;
    const http = ctx.host.http;
    const method = (props.httpRequestMethod as string).toUpperCase();
    const renderMap = (key: string) => Object.fromEntries(Object.keys((props[key] as Record<string, unknown>) ?? {}).filter((k) => ctx.hasTemplate(`${key}.${k}`)).map((k) => [k, ctx.render(`${key}.${k}`)]));
    let url: string;
    try {
      url = props.authenticated === true ? http.connectorUrl(props.connectorId as string, ctx.render("httpRequestPath")) : ctx.render("httpRequestUrl");
    } catch (e) {
      if (e instanceof HttpFailure) throw new ActivityError(e.message);
      throw e;
    }
    url = withQuery(url, renderMap("httpQueryParameters"));
    const headers = renderMap("httpRequestHeaders");
    let body: string | undefined;
    if (method !== "GET" && method !== "HEAD" && ctx.hasTemplate("httpRequestBody")) {
      body = ctx.render("httpRequestBody");
      const ct = contentTypeHeader(props.httpContentType);
      if (ct && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["Content-Type"] = ct;
    }
    let res;
    try {
      res = await http.request(
        {
          flow: ctx.run.label,
          activity: ctx.activity.name,
          method,
          url,
          headers,
          body,
          timeoutMs: numberProp(props, "httpResponseTimeout") ?? ctx.policy.defaultHttpTimeoutMs,
          retries: numberProp(props, "retryAttempts") ?? 0,
          connectorId: props.authenticated === true ? (props.connectorId as string) : undefined,
        },
        ctx.signal,
      );
    } catch (e) {
      if (e instanceof HttpFailure) throw new ActivityError(e.message);
      throw e;
    }
    ctx.setOutputs({ httpStatusCode: res.status, httpResponseBody: res.body, httpResponseHeaders: res.headers });
    if (res.attempts > 1) ctx.note(`${res.attempts} attempts (5xx retried)`);
    let doc: unknown;
    if (res.body.trim() !== "") {
      try {
        doc = JSON.parse(res.body);
      } catch {
        ctx.note("the response body is not JSON: no output variable receives a value");
      }
    }
    ctx.applyOutputMappings(doc);
    return { port: "default", detail: `${method} ${url} → ${res.status}` };
  },
};

export const definitions = [httpRequest];
