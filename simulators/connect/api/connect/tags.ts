/** Tags on any of an instance's resources (TagResource, UntagResource, ListTagsForResource). */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { tagResource, tagsOf, untagResource } from "../../runtime/tagging.js";
import { admit, readTags, TAG_KEY } from "./admin-common.js";

export function tagRoutes(api: ApiContext): Route[] {
  const rt = api.runtime;
  return [
    {
      method: "GET",
      pattern: "/tags/{resourceArn}",
      operation: "ListTagsForResource",
      handler: (req) => ({ body: { tags: { ...admit(() => tagsOf(rt, req.labels.resourceArn)) } } }),
    },
    {
      method: "POST",
      pattern: "/tags/{resourceArn}",
      operation: "TagResource",
      handler: (req) => {
        const s = new Shape(req.body, connectErrors.invalidParameter);
        const tags = readTags(s, "tags", { required: true });
        s.check();
        admit(() => tagResource(rt, req.labels.resourceArn, tags!));
        return { body: {} };
      },
    },
    {
      method: "DELETE",
      pattern: "/tags/{resourceArn}",
      operation: "UntagResource",
      handler: (req) => {
        const keys = req.query.getAll("tagKeys");
        if (keys.length === 0) throw connectErrors.invalidParameter("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        const bad = keys.filter((k) => !TAG_KEY.test(k));
        if (bad.length) throw connectErrors.invalidParameter(`1 validation error detected: Value '[${bad.join(", ")}]' at 'tagKeys' failed to satisfy constraint: Member must satisfy regular expression pattern: ${TAG_KEY.source}`);
        admit(() => untagResource(rt, req.labels.resourceArn, keys));
        return { body: {} };
      },
    },
  ];
}
