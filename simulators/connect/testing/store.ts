/**
 * The test cases of an instance, as the Test Case APIs manage them. A test case holds up
 * to two versions: the PUBLISHED one (validated; the one that runs) and a SAVED draft
 * (stored as sent, not validated).
 *
 * Decisions where the reference is uncertain (§6.2-6.5, §10.9, §10.13):
 * - Create without Status publishes (as CreateContactFlow does); Update without Status
 *   keeps the status the test case has.
 * - Publishing validates the content, the entry point (whose flow must be on the
 *   instance) and the initialization data; every error is a problem of
 *   InvalidTestCaseException.
 * - Names are unique among the test cases of the instance, drafts included.
 * - TestCaseSha256 is the SHA-256 of the Content text as stored.
 */
import { Refusal } from "../runtime/refusals.js";
import { sha256 } from "../runtime/flow-catalog.js";
import type { Runtime } from "../runtime/runtime.js";
import type { Problem } from "../../kernel/problems.js";
import type { RunnableTestCase } from "./model.js";
import { loadTestCase } from "./load.js";
import { MAX_REPORTED_PROBLEMS, MAX_TEST_CASES } from "./limits.js";

export type TestCaseStatus = "PUBLISHED" | "SAVED";

export interface TestCaseVersion {
  name: string;
  description?: string;
  content: string;
  entryPoint?: Record<string, unknown>;
  initializationData?: string;
  status: TestCaseStatus;
  lastModifiedTime: number;
  lastModifiedRegion: string;
  sha256: string;
}

export interface StoredTestCase {
  id: string;
  arn: string;
  tags: Record<string, string>;
  createdAt: number;
  published?: TestCaseVersion & { runnable: RunnableTestCase };
  saved?: TestCaseVersion;
}

export type TestCaseFields = Partial<Pick<TestCaseVersion, "name" | "description" | "content" | "entryPoint" | "initializationData" | "status">> & {
  /** Global Resiliency replication: when and where the change was made. */
  lastModifiedTime?: number;
  lastModifiedRegion?: string;
};

/** Content that cannot be published: the InvalidTestCaseException problems. */
export class InvalidTestCaseRefusal extends Error {
  constructor(readonly problems: string[]) {
    super(`the test case is not valid: ${problems.join("; ")}`);
    this.name = "InvalidTestCaseRefusal";
  }
}

/** A service limit is reached (ServiceQuotaExceededException). */
export class QuotaRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuotaRefusal";
  }
}

/** One problem as InvalidTestCaseException words it: where, whose, why (at most 256 characters). */
export function problemMessage(p: Problem): string {
  const text = `${p.path}${p.action ? ` (${p.action})` : ""}: ${p.message}`;
  return text.length > 256 ? `${text.slice(0, 255)}…` : text;
}

export class TestCaseStore {
  private items = new Map<string, StoredTestCase>();

  constructor(
    private readonly runtime: Runtime,
    private readonly maxTestCases = MAX_TEST_CASES,
  ) {}

  all(): StoredTestCase[] {
    return [...this.items.values()];
  }

  /** By id or ARN. */
  get(ref: string): StoredTestCase {
    const found = this.items.get(ref) ?? this.all().find((t) => t.arn === ref);
    if (!found) throw new Refusal("not-found", `Test case not found: ${ref}`);
    return found;
  }

  /** The version a read without a status gets: the published one, else the draft. */
  current(tc: StoredTestCase): TestCaseVersion {
    return (tc.published ?? tc.saved)!;
  }

  version(tc: StoredTestCase, status?: TestCaseStatus): TestCaseVersion {
    const v = status === undefined ? this.current(tc) : status === "PUBLISHED" ? tc.published : tc.saved;
    if (!v) throw new Refusal("not-found", `Test case ${tc.id} has no ${status} version`);
    return v;
  }

  create(fields: TestCaseFields & { name: string; content: string; tags?: Record<string, string>; id?: string }): StoredTestCase {
    if (this.items.size >= this.maxTestCases) throw new QuotaRefusal(`The instance holds ${this.items.size} test cases, the most flowsim keeps`);
    if (fields.id !== undefined && this.items.has(fields.id)) throw new Refusal("duplicate", `A test case with the id ${fields.id} already exists`);
    this.checkName(fields.name);
    const id = fields.id ?? this.runtime.ids.uuid();
    const tc: StoredTestCase = { id, arn: this.runtime.resources.arn("test-case", id), tags: { ...fields.tags }, createdAt: this.runtime.clock.now() };
    this.store(tc, this.newVersion({ ...fields, status: fields.status ?? "PUBLISHED" }, undefined));
    this.items.set(id, tc);
    return tc;
  }

  update(ref: string, fields: TestCaseFields): StoredTestCase {
    const tc = this.get(ref);
    const base = tc.saved ?? tc.published!;
    if (fields.name !== undefined) this.checkName(fields.name, tc.id);
    this.store(tc, this.newVersion({ ...fields, status: fields.status ?? base.status }, base));
    return tc;
  }

  delete(ref: string): StoredTestCase {
    const tc = this.get(ref);
    this.items.delete(tc.id);
    return tc;
  }

  private checkName(name: string, except?: string): void {
    const taken = this.all().some((t) => t.id !== except && [t.published?.name, t.saved?.name].includes(name));
    if (taken) throw new Refusal("duplicate", `A test case named ${JSON.stringify(name)} already exists`);
  }

  private newVersion(fields: TestCaseFields & { status: TestCaseStatus }, base: TestCaseVersion | undefined): TestCaseVersion {
    const pick = <K extends keyof TestCaseVersion>(k: K) => (fields[k as keyof TestCaseFields] ?? base?.[k]) as TestCaseVersion[K];
    const content = pick("content");
    return {
      name: pick("name"),
      description: pick("description"),
      content,
      entryPoint: pick("entryPoint"),
      initializationData: pick("initializationData"),
      status: fields.status,
      lastModifiedTime: fields.lastModifiedTime ?? this.runtime.clock.now(),
      lastModifiedRegion: fields.lastModifiedRegion ?? this.runtime.instance.region,
      sha256: sha256(content),
    };
  }

  /** A SAVED version becomes the draft; a PUBLISHED one is validated, replaces the published one and drops the draft. */
  private store(tc: StoredTestCase, v: TestCaseVersion): void {
    if (v.status === "SAVED") {
      tc.saved = v;
      return;
    }
    tc.published = { ...v, runnable: this.validate(v) };
    tc.saved = undefined;
  }

  private validate(v: TestCaseVersion): RunnableTestCase {
    const loaded = loadTestCase({ Name: v.name, EntryPoint: v.entryPoint, InitializationData: v.initializationData, Content: v.content }, v.name);
    const problems = loaded.problems.filter((p) => p.severity === "error").map(problemMessage);
    const flowId = loaded.testCase?.entryPoint.flowId;
    if (flowId !== undefined && !this.runtime.findFlow(flowId, "flow")) problems.push(`EntryPoint: no published flow ${flowId} on the instance`);
    if (problems.length > 0 || !loaded.testCase) throw new InvalidTestCaseRefusal(problems.slice(0, MAX_REPORTED_PROBLEMS));
    return loaded.testCase;
  }
}
