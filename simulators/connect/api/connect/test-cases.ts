/**
 * Test cases: CreateTestCase, UpdateTestCase, DescribeTestCase, DeleteTestCase,
 * ListTestCases, SearchTestCases. The rules (versions, validation on publish, unique
 * names, limits) live in testing/store.ts; this reads requests and shapes answers.
 */
import type { ApiContext } from "../context.js";
import { ApiError, connectErrors } from "../http/errors.js";
import type { Request, Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { testCasesOf } from "../../testing/service.js";
import { InvalidTestCaseRefusal, QuotaRefusal, type StoredTestCase, type TestCaseFields, type TestCaseVersion } from "../../testing/store.js";
import { IdempotencyRefusal } from "../../testing/executions.js";
import { criteriaProblems, matchesCriteria, matchesTags, type SearchCriteria, type TagFilter } from "../../testing/search.js";
import { MAX_CONTENT_CHARS, MAX_DESCRIPTION_CHARS } from "../../testing/limits.js";
import { admit, instanceOf, listPage, queryEnum, readTags } from "./admin-common.js";
import { epochSeconds, page, requireInstance } from "./common.js";

const STATUSES = ["PUBLISHED", "SAVED"] as const;
/** The API gives Name no maximum; flowsim bounds it. */
const MAX_NAME = 500;
const REGION = /^[a-z]{2}(-[a-z]+){1,2}(-[0-9])?$/;

/** Runs a test-case operation; a refusal becomes the exception the operation documents. */
export function admitTestCase<T>(fn: () => T): T {
  return admit(() => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof InvalidTestCaseRefusal) throw new ApiError(400, "InvalidTestCaseException", "The test case is not valid.", { Problems: err.problems.map((message) => ({ message })) });
      if (err instanceof QuotaRefusal) throw connectErrors.quotaExceeded(err.message);
      if (err instanceof IdempotencyRefusal) throw new ApiError(409, "IdempotencyException", err.message);
      throw err;
    }
  });
}

/** The members Create and Update share, type-checked; the content rules come on publish. */
function readFields(req: Request, create: boolean): { s: Shape; fields: TestCaseFields } {
  const s = new Shape(req.body, connectErrors.invalidParameter);
  const entryPoint = s.object("EntryPoint");
  if (entryPoint) {
    s.string("EntryPoint.Type", { enum: ["VOICE_CALL", "CHAT"] });
    for (const member of ["VoiceCallEntryPointParameters.SourcePhoneNumber", "VoiceCallEntryPointParameters.DestinationPhoneNumber", "VoiceCallEntryPointParameters.FlowId", "ChatEntryPointParameters.FlowId"]) s.string(`EntryPoint.${member}`, { max: 500 });
  }
  const modified = req.headers["x-amz-last-modified-time"];
  const modifiedAt = typeof modified === "string" ? (/^\d+(\.\d+)?$/.test(modified) ? Number(modified) * 1000 : Date.parse(modified)) : undefined;
  if (modifiedAt !== undefined && Number.isNaN(modifiedAt)) s.violation(`Value '${modified}' at 'lastModifiedTime' failed to satisfy constraint: Member must be a timestamp`);
  const region = req.headers["x-amz-last-modified-region"];
  if (typeof region === "string" && !REGION.test(region)) s.violation(`Value '${region}' at 'lastModifiedRegion' failed to satisfy constraint: Member must satisfy regular expression pattern: ${REGION.source}`);
  const fields: TestCaseFields = {
    name: s.string("Name", { required: create, min: 1, max: MAX_NAME }),
    description: s.string("Description", { max: MAX_DESCRIPTION_CHARS }),
    content: s.string("Content", { required: create, min: 1, max: MAX_CONTENT_CHARS }),
    entryPoint,
    initializationData: s.string("InitializationData", { max: MAX_CONTENT_CHARS }),
    status: s.string("Status", { enum: STATUSES }) as TestCaseFields["status"],
    lastModifiedTime: modifiedAt,
    lastModifiedRegion: typeof region === "string" ? region : undefined,
  };
  return { s, fields: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as TestCaseFields };
}

/** The TestCase structure of DescribeTestCase and SearchTestCases. */
export function testCaseBody(tc: StoredTestCase, v: TestCaseVersion) {
  return {
    Arn: tc.arn,
    Id: tc.id,
    Name: v.name,
    Content: v.content,
    EntryPoint: v.entryPoint,
    InitializationData: v.initializationData,
    Description: v.description,
    Status: v.status,
    LastModifiedTime: epochSeconds(v.lastModifiedTime),
    LastModifiedRegion: v.lastModifiedRegion,
    Tags: { ...tc.tags },
    TestCaseSha256: v.sha256,
  };
}

function readSearch(req: Request): { instanceId: string; token?: string; max?: number; filter?: TagFilter; criteria?: SearchCriteria } {
  const s = new Shape(req.body, connectErrors.invalidParameter);
  const instanceId = s.string("InstanceId", { required: true, min: 1, max: 250 });
  const token = s.string("NextToken", { min: 1, max: 2500 });
  const max = s.number("MaxResults", { min: 1, max: 100, integer: true });
  const filter = s.object("SearchFilter.TagFilter") as TagFilter | undefined;
  const criteria = s.object("SearchCriteria") as SearchCriteria | undefined;
  for (const problem of criteria ? criteriaProblems(criteria) : []) s.violation(problem);
  s.check();
  return { instanceId: instanceId!, token, max, filter, criteria };
}

export function testCasesRoutes(api: ApiContext): Route[] {
  const service = () => testCasesOf(api.runtime);
  return [
    {
      method: "PUT",
      pattern: "/test-cases/{InstanceId}",
      operation: "CreateTestCase",
      handler: (req) => {
        const { s, fields } = readFields(req, true);
        const tags = readTags(s, "Tags");
        const resourceId = req.headers["x-amz-resource-id"];
        if (typeof resourceId === "string" && (resourceId.length === 0 || resourceId.length > 500)) s.violation(`Value '${resourceId}' at 'testCaseId' failed to satisfy constraint: Member must have length between 1 and 500`);
        s.check();
        instanceOf(api, req);
        const tc = admitTestCase(() => service().store.create({ ...fields, name: fields.name!, content: fields.content!, tags, id: typeof resourceId === "string" ? resourceId : undefined }));
        return { body: { TestCaseId: tc.id, TestCaseArn: tc.arn } };
      },
    },
    {
      method: "POST",
      pattern: "/test-cases/{InstanceId}/{TestCaseId}",
      operation: "UpdateTestCase",
      handler: (req) => {
        const { s, fields } = readFields(req, false);
        s.check();
        instanceOf(api, req);
        admitTestCase(() => service().store.update(req.labels.TestCaseId, fields));
        return { body: {} };
      },
    },
    {
      method: "GET",
      pattern: "/test-cases/{InstanceId}/{TestCaseId}",
      operation: "DescribeTestCase",
      handler: (req) => {
        const status = queryEnum(req, "status", STATUSES) ?? undefined;
        instanceOf(api, req);
        const { store } = service();
        return { body: { TestCase: admitTestCase(() => {
          const tc = store.get(req.labels.TestCaseId);
          return testCaseBody(tc, store.version(tc, status));
        }) } };
      },
    },
    {
      method: "DELETE",
      pattern: "/test-cases/{InstanceId}/{TestCaseId}",
      operation: "DeleteTestCase",
      handler: (req) => {
        instanceOf(api, req);
        const { store, executions } = service();
        const tc = admitTestCase(() => store.delete(req.labels.TestCaseId));
        executions.stopAll(tc);
        return { body: {} };
      },
    },
    {
      method: "GET",
      pattern: "/test-cases-summary/{InstanceId}",
      operation: "ListTestCases",
      handler: (req) => {
        instanceOf(api, req);
        const { store } = service();
        const summaries = store.all().map((tc) => {
          const v = store.current(tc);
          return { Id: tc.id, Arn: tc.arn, Name: v.name, Status: v.status, LastModifiedTime: epochSeconds(v.lastModifiedTime), LastModifiedRegion: v.lastModifiedRegion };
        });
        const listed = listPage(req, summaries, { max: 1000, default: 100 });
        return { body: { TestCaseSummaryList: listed.items, NextToken: listed.nextToken } };
      },
    },
    {
      method: "POST",
      pattern: "/search-test-cases",
      operation: "SearchTestCases",
      handler: (req) => {
        const search = readSearch(req);
        requireInstance(api, search.instanceId);
        const { store } = service();
        const found = store.all().filter((tc) => {
          const v = store.current(tc);
          return (!search.filter || matchesTags(tc.tags, search.filter)) && (!search.criteria || matchesCriteria({ id: tc.id, name: v.name, description: v.description, status: v.status, tags: tc.tags }, search.criteria));
        });
        const paged = page(found, search.token, search.max, 100);
        return { body: { TestCases: paged.items.map((tc) => testCaseBody(tc, store.current(tc))), NextToken: paged.nextToken, ApproximateTotalCount: found.length } };
      },
    },
  ];
}
