/**
 * `LoadedData` of a Lambda or Lex mock: a string holding serialized JSON. For Lambda it
 * is the function's result; for Lex its shape is not documented, so flowsim takes the
 * names of the flow's `$.Lex` namespace: IntentName (required), Slots, SessionAttributes,
 * IntentConfidence {Score}, DialogState (Fulfilled or Failed).
 */
import type { LexAnswer } from "../flow/responders.js";
import { type ContentReader, type Json, type Owner, isJsonObject, show } from "./reader.js";

const LEX_KEYS = ["IntentName", "Slots", "SessionAttributes", "IntentConfidence", "DialogState"];

function stringMap(v: unknown): v is Record<string, string> {
  return isJsonObject(v) && Object.values(v).every((x) => typeof x === "string");
}

function checkLex(r: ContentReader, data: Json, at: string, owner: Owner): boolean {
  const before = r.problems.errors.length;
  r.onlyKeys(data, LEX_KEYS, at, owner);
  if (typeof data.IntentName !== "string" || data.IntentName === "") r.error(at, "a Lex mock's LoadedData needs IntentName (the intent the bot recognised)", owner);
  for (const key of ["Slots", "SessionAttributes"]) if (data[key] !== undefined && !stringMap(data[key])) r.error(at, `${key} must map names to strings`, owner);
  const score = isJsonObject(data.IntentConfidence) ? Number(data.IntentConfidence.Score) : undefined;
  if (data.IntentConfidence !== undefined && (score === undefined || !(score >= 0 && score <= 1))) r.error(at, 'IntentConfidence must be {"Score": a number from 0 to 1}', owner);
  if (data.DialogState !== undefined && data.DialogState !== "Fulfilled" && data.DialogState !== "Failed") r.error(at, `DialogState must be Fulfilled or Failed, not ${show(data.DialogState)}`, owner);
  return r.problems.errors.length === before;
}

/**
 * The parsed LoadedData: undefined when absent (a Lambda then returns {}), null when it
 * is not valid. `Value` is accepted for LoadedData (one third-party spec writes it) with a warning.
 */
export function readLoadedData(r: ContentReader, body: Json, path: string, owner: Owner, kind: "lambda" | "lex"): Json | undefined | null {
  const key = body.LoadedData !== undefined ? "LoadedData" : body.Value !== undefined ? "Value" : undefined;
  if (key === undefined) {
    if (kind === "lex") {
      r.error(path, "a Lex mock needs LoadedData naming the intent", owner);
      return null;
    }
    return undefined;
  }
  const at = `${path}.${key}`;
  if (key === "Value") r.warning(at, "the documented member is LoadedData; Value is read the same way", owner);
  const raw = body[key];
  if (typeof raw !== "string") {
    r.error(at, `${key} must be a string holding serialized JSON, not ${show(raw)}`, owner);
    return null;
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (err) {
    r.error(at, `${key} is not valid JSON: ${(err as Error).message}`, owner);
    return null;
  }
  if (!isJsonObject(data)) {
    r.error(at, `${key} must hold a JSON object, not ${show(data)}`, owner);
    return null;
  }
  if (kind === "lex" && !checkLex(r, data, at, owner)) return null;
  return data;
}

/** What the Lex responder answers for a checked LoadedData. */
export function lexAnswerOf(data: Json): LexAnswer {
  const confidence = isJsonObject(data.IntentConfidence) ? Number(data.IntentConfidence.Score) : undefined;
  return {
    intent: data.IntentName as string,
    slots: data.Slots as Record<string, string> | undefined,
    sessionAttributes: data.SessionAttributes as Record<string, string> | undefined,
    confidence,
    fulfilled: data.DialogState !== "Failed",
  };
}
