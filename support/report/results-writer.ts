/**
 * Writes Allure results as allure-js's FileSystemWriter does — each file whole under its
 * final name at once (a temporary file renamed), so `npm run report` never reads half a
 * file — but without an fsync per file. Durability across a power cut is worth nothing for
 * a run's results, and the fsyncs were a fifth of all the CPU time a warm scenario took
 * (`npm run bench`: profile of the warm run).
 */
import { randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Globals, TestResult, TestResultContainer } from "allure-js-commons";
import type { Category, EnvironmentInfo } from "allure-js-commons/sdk";
import { stringifyEnvInfo, type Writer } from "allure-js-commons/sdk/reporter";

export class ResultsWriter implements Writer {
  private made = false;

  constructor(private readonly resultsDir: string) {}

  writeResult(result: TestResult): void {
    this.json(`${result.uuid}-result.json`, result);
  }

  writeGroup(result: TestResultContainer): void {
    this.json(`${result.uuid}-container.json`, result);
  }

  writeAttachment(distFileName: string, content: Buffer): void {
    this.publish(distFileName, (temp) => writeFileSync(temp, content));
  }

  writeAttachmentFromPath(distFileName: string, from: string): void {
    this.publish(distFileName, (temp) => copyFileSync(from, temp));
  }

  writeEnvironmentInfo(info: EnvironmentInfo): void {
    this.publish("environment.properties", (temp) => writeFileSync(temp, stringifyEnvInfo(info)));
  }

  writeCategoriesDefinitions(categories: Category[]): void {
    this.json("categories.json", categories);
  }

  writeGlobals(distFileName: string, info: Globals): void {
    this.json(distFileName, info);
  }

  private json(name: string, value: unknown): void {
    this.publish(name, (temp) => writeFileSync(temp, JSON.stringify(value), "utf8"));
  }

  private publish(name: string, write: (temp: string) => void): void {
    if (!this.made) {
      mkdirSync(this.resultsDir, { recursive: true });
      this.made = true;
    }
    const temp = join(this.resultsDir, `.allure-write-${randomUUID()}.tmp`);
    try {
      write(temp);
      renameSync(temp, join(this.resultsDir, name));
    } catch (err) {
      rmSync(temp, { force: true });
      throw err;
    }
  }
}
