/**
 * GetParticipantInput (reference §2.1, §5.1) stores three console blocks:
 * - Get customer input (DTMF menu, `StoreInput` False or absent): one key is the run result;
 * - Store customer input (`StoreInput` True): digits, or a phone number, into `$.StoredCustomerInput`;
 * - Set touchtone buffer behavior (`EnableDTMFBuffer`): starts or stops buffering keys.
 */
import { constants, createPublicKey, publicEncrypt } from "node:crypto";
import { onlyIn, type ActionContext, type ActionDefinition, type Outcome, type ValidationContext } from "../action.js";
import type { FlowAction } from "../model.js";
import { checkE164Entry, checkLocalEntry, NUMBERING_PLANS } from "./phone-numbers.js";
import { PROMPT_PARAMS, bool, errorDetail, isObject, num, playbackMs, promptFields, promptOf } from "./util.js";
import { aContactOn } from "../flow-types.js";

/** The console's largest "Timeout" for Get customer input (older consoles: 179). */
export const CONSOLE_MAX_INPUT_SECONDS = 180;
/** "By default, Connect waits 5 seconds for each digit." */
export const DEFAULT_INTERDIGIT_SECONDS = 5;
export const DEFAULT_TERMINATOR = "#";
/** E.164 numbers have at most 15 digits, so phone entry collects no more keys than that. */
const PHONE_MAX_DIGITS = 15;
const MENU_KEY = /^[0-9*#]$/;
const TERMINATION_SEQUENCE = /^[0-9*#]{1,5}$/;

type Mode = "menu" | "store" | "buffer";

function modeOf(params: Record<string, unknown>): Mode {
  if (params.EnableDTMFBuffer !== undefined) return "buffer";
  return bool(params.StoreInput) ? "store" : "menu";
}

const q = (v: unknown) => JSON.stringify(v);

function listedErrors(action: FlowAction): { type: string; index: number }[] {
  const errors = action.Transitions?.Errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e, index) => (isObject(e) && typeof e.ErrorType === "string" ? [{ type: e.ErrorType, index }] : []));
}

function conditionsOf(action: FlowAction): unknown[] {
  const conditions = action.Transitions?.Conditions;
  return Array.isArray(conditions) ? conditions : [];
}

function forbidError(action: FlowAction, v: ValidationContext, type: string, why: string): void {
  for (const e of listedErrors(action)) {
    if (e.type === type) v.problems.error(`${v.path}.Transitions.Errors[${e.index}].ErrorType`, `Invalid Action error. Error: ${type}, Path: ${v.path} (${why})`, action);
  }
}

function forbidConditions(action: FlowAction, v: ValidationContext, why: string): void {
  if (conditionsOf(action).length > 0) v.problems.error(`${v.path}.Transitions.Conditions`, `Action does not support conditions. Path: ${v.path}.Transitions.Conditions (${why})`, action);
}

function checkEncryptionKey(encryption: Record<string, unknown>, at: string, action: FlowAction, v: ValidationContext): void {
  if (typeof encryption.Key !== "string") return;
  // Text that is no PEM at all is a placeholder: deployment tools leave one, and AWS's own
  // "Sample secure input with agent / with no agent" flows, which every instance publishes,
  // carry placeholder text. The loader's rule for placeholders applies: they publish, and
  // fail only when the block runs (it then takes its Error branch, saying why).
  if (!encryption.Key.includes("-----BEGIN")) {
    v.problems.warning(`${at}.Key`, "Not a PEM key (a placeholder?): the flow publishes, and the block takes its Error branch when it has to encrypt", action);
    return;
  }
  if (/PRIVATE KEY/.test(encryption.Key)) {
    v.problems.error(`${at}.Key`, `Invalid Action property value. Path: ${at}.Key (this is a private key; the flow takes the public key, and the private key stays with whoever decrypts)`, action);
    return;
  }
  try {
    const key = createPublicKey(encryption.Key);
    if (key.asymmetricKeyType !== "rsa") v.problems.error(`${at}.Key`, `Invalid Action property value. Path: ${at}.Key (an RSA public key is needed; this key is ${key.asymmetricKeyType})`, action);
  } catch (err) {
    v.problems.error(`${at}.Key`, `Invalid Action property value. Path: ${at}.Key (not a PEM public key or certificate: ${errorDetail(err)})`, action);
  }
}

function validateBuffer(action: FlowAction, v: ValidationContext): void {
  const p = action.Parameters;
  const at = `${v.path}.Parameters`;
  const enabling = bool(p.EnableDTMFBuffer);
  const allowed = enabling ? ["EnableDTMFBuffer"] : ["EnableDTMFBuffer", "StoreInput", "InputEncryption"];
  for (const key of Object.keys(p)) {
    if (!allowed.includes(key)) {
      const why = enabling ? "enabling the touchtone buffer (EnableDTMFBuffer True) takes no other parameter" : "stopping the touchtone buffer (EnableDTMFBuffer False) takes only StoreInput and InputEncryption";
      v.problems.error(`${at}.${key}`, `Invalid Action property name. Path: ${at}.${key} (${why})`, action);
    }
  }
  if (!enabling && p.InputEncryption !== undefined && !bool(p.StoreInput)) {
    v.problems.error(`${at}.InputEncryption`, `Invalid Action property value. Path: ${at}.InputEncryption (encrypts the stored buffer, so StoreInput must be True)`, action);
  }
  if (isObject(p.InputEncryption)) checkEncryptionKey(p.InputEncryption, `${at}.InputEncryption`, action, v);
  forbidConditions(action, v, "Set touchtone buffer behavior has no run result");
  for (const type of ["NoMatchingCondition", "InputTimeLimitExceeded", "InvalidPhoneNumber"]) forbidError(action, v, type, "Set touchtone buffer behavior only has Success and Error branches");
}

function validateMenu(action: FlowAction, v: ValidationContext): void {
  const p = action.Parameters;
  const at = `${v.path}.Parameters`;
  if (p.InputValidation !== undefined) v.problems.error(`${at}.InputValidation`, `Invalid Action property value. Path: ${at}.InputValidation (required if and only if StoreInput is True)`, action);
  if (p.InputEncryption !== undefined) v.problems.error(`${at}.InputEncryption`, `Invalid Action property value. Path: ${at}.InputEncryption (may only be specified with InputValidation.CustomValidation, i.e. when StoreInput is True)`, action);
  if (p.DTMFConfiguration !== undefined) v.problems.warning(`${at}.DTMFConfiguration`, "DTMFConfiguration is ignored: a menu (StoreInput False) takes a single key, with no terminator, cancel key or inter-digit timeout", action);
  conditionsOf(action).forEach((c, i) => {
    if (!isObject(c) || !isObject(c.Condition) || !Array.isArray(c.Condition.Operands)) return;
    const operand = c.Condition.Operands[0];
    const cPath = `${v.path}.Transitions.Conditions[${i}].Condition.Operands[0]`;
    if (typeof operand === "string" && !MENU_KEY.test(operand)) {
      v.problems.error(cPath, `Invalid Action property value. Path: ${cPath} (a menu compares one key: operands must be a single static character 0-9, * or #, not ${q(operand)})`, action);
    }
  });
  forbidError(action, v, "InvalidPhoneNumber", "defined only when StoreInput is True and PhoneNumberValidation is specified");
  // A menu must handle silence and a key no condition takes. The action page lists both
  // branches for StoreInput False (InputTimeLimitExceeded; NoMatchingCondition "must be
  // defined only if StoreInput is False"), the console always writes them, and the live
  // service refuses a menu without them: recorded CreateContactFlow calls of a public
  // project against a real instance (issue 12).
  const listed = new Set(listedErrors(action).map((e) => e.type));
  for (const [type, why] of [
    ["InputTimeLimitExceeded", "a menu needs the branch a caller who presses nothing takes"],
    ["NoMatchingCondition", "a menu needs the branch a key no condition matches takes"],
  ] as const) {
    if (!listed.has(type)) v.problems.error(`${v.path}.Transitions.Errors`, `Action is missing required error. Error: ${type}, Path: ${v.path} (${why})`, action);
  }
}

function validateStore(action: FlowAction, v: ValidationContext): void {
  const p = action.Parameters;
  const at = `${v.path}.Parameters`;
  const validation = p.InputValidation;
  let phone: Record<string, unknown> | undefined;
  let custom = false;
  if (validation === undefined) {
    v.problems.error(`${at}.InputValidation`, `Action is missing required property. Path: ${at}.InputValidation (required if and only if StoreInput is True)`, action);
  } else if (isObject(validation)) {
    const both = ["PhoneNumberValidation", "CustomValidation"].filter((k) => validation[k] !== undefined);
    if (both.length === 2) v.problems.error(`${at}.InputValidation`, "Only one of these properties may be defined. Properties: [PhoneNumberValidation, CustomValidation]", action);
    if (both.length === 0) v.problems.error(`${at}.InputValidation`, `Action is missing required property. Path: ${at}.InputValidation (give PhoneNumberValidation or CustomValidation)`, action);
    phone = isObject(validation.PhoneNumberValidation) ? validation.PhoneNumberValidation : undefined;
    custom = validation.CustomValidation !== undefined;
  }
  if (phone) {
    const pPath = `${at}.InputValidation.PhoneNumberValidation`;
    const country = phone.CountryCode;
    if (phone.NumberFormat === "Local" && country === undefined) v.problems.error(`${pPath}.CountryCode`, `Action is missing required property. Path: ${pPath}.CountryCode (required when NumberFormat is Local)`, action);
    if (phone.NumberFormat === "E164" && country !== undefined) v.problems.warning(`${pPath}.CountryCode`, "CountryCode is ignored with NumberFormat E164: the caller types the country code", action);
    if (typeof country === "string") {
      if (!/^[A-Za-z]{2}$/.test(country)) v.problems.error(`${pPath}.CountryCode`, `Invalid Action property value. Path: ${pPath}.CountryCode (a two-letter country code such as US, not ${q(country)})`, action);
      else if (!NUMBERING_PLANS[country.toUpperCase()]) v.problems.warning(`${pPath}.CountryCode`, `flowsim has no numbering plan for ${country}: every number entered takes the NoMatchingError branch in simulation`, action);
    }
  }
  if (p.InputEncryption !== undefined && !custom) v.problems.error(`${at}.InputEncryption`, `Invalid Action property value. Path: ${at}.InputEncryption (may only be specified if CustomValidation is provided)`, action);
  if (isObject(p.InputEncryption)) checkEncryptionKey(p.InputEncryption, `${at}.InputEncryption`, action, v);
  const dtmf = isObject(p.DTMFConfiguration) ? p.DTMFConfiguration : undefined;
  if (dtmf && typeof dtmf.InputTerminationSequence === "string") {
    const seq = dtmf.InputTerminationSequence;
    const sPath = `${at}.DTMFConfiguration.InputTerminationSequence`;
    if (!TERMINATION_SEQUENCE.test(seq)) v.problems.error(sPath, `Invalid Action property value. Path: ${sPath} (up to five keys from 0-9, * and #, not ${q(seq)})`, action);
    else if (seq.includes("*") && !bool(dtmf.DisableCancelKey)) v.problems.error(sPath, `Invalid Action property value. Path: ${sPath} (a terminating keypress with * needs DisableCancelKey True, otherwise * cancels the entry)`, action);
  }
  forbidConditions(action, v, "StoreInput is True: the input is stored in $.StoredCustomerInput and there is no run result");
  forbidError(action, v, "NoMatchingCondition", "defined only if StoreInput is False");
  if (!phone) forbidError(action, v, "InvalidPhoneNumber", "defined only when StoreInput is True and PhoneNumberValidation is specified");
  const listed = new Set(listedErrors(action).map((e) => e.type));
  if (listed.has("InputTimeLimitExceeded")) v.problems.warning(`${v.path}.Transitions.Errors`, "InputTimeLimitExceeded is never taken by Store customer input: with no input it takes NextAction and $.StoredCustomerInput is \"Timeout\" (the API is reported to refuse it)", action);
  if (phone && !listed.has("InvalidPhoneNumber")) v.problems.warning(`${v.path}.Transitions.Errors`, "No InvalidPhoneNumber branch: an invalid number takes the NoMatchingError branch", action);
}

function validate(action: FlowAction, v: ValidationContext): void {
  const p = action.Parameters;
  const at = `${v.path}.Parameters`;
  const mode = modeOf(p);
  const prompts = promptFields(p);
  if (prompts.length > 1) v.problems.error(at, `Only one of these properties may be defined. Properties: [${prompts.join(", ")}]`, action);
  if (mode === "buffer") return validateBuffer(action, v);
  const limit = num(p.InputTimeLimitSeconds);
  if (p.InputTimeLimitSeconds === undefined) v.problems.error(`${at}.InputTimeLimitSeconds`, `Action is missing required property. Path: ${at}.InputTimeLimitSeconds`, action);
  else if (limit !== undefined && limit > CONSOLE_MAX_INPUT_SECONDS) v.problems.warning(`${at}.InputTimeLimitSeconds`, `Unusual value: ${limit} s; the console allows at most ${CONSOLE_MAX_INPUT_SECONDS} s`, action);
  if (mode === "menu") validateMenu(action, v);
  else validateStore(action, v);
}

function stored(ctx: ActionContext, value: string): void {
  ctx.changed("System", "StoredCustomerInput", ctx.contact.storedCustomerInput, value);
  ctx.contact.storedCustomerInput = value;
}

function keyShape(encryption: Record<string, unknown>): string {
  return typeof encryption.Key === "string" && encryption.Key.includes("-----BEGIN") ? "a PEM key" : "not a PEM key; a placeholder left in the flow?";
}

/** RSA-OAEP with SHA-512, the key wrapping Connect uses (keyring namespace "AmazonConnect"); flowsim stores the bare ciphertext in base64, not an Encryption SDK message. */
function encrypt(encryption: Record<string, unknown>, plaintext: string): string {
  const key = typeof encryption.Key === "string" ? encryption.Key : "";
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha512" }, Buffer.from(plaintext, "utf8")).toString("base64");
}

/** Plays the prompt unless keys are already waiting; returns how long playback keeps the caller listening. */
async function prompt(ctx: ActionContext): Promise<number> {
  if (promptFields(ctx.params).length === 0) return 0;
  const buffered = ctx.host.dtmfBuffer?.(ctx.contact).digits ?? "";
  if (buffered !== "") {
    ctx.note(`prompt skipped: the caller already typed ${buffered.length} key${buffered.length === 1 ? "" : "s"}`);
    return 0;
  }
  const p = promptOf(ctx);
  await ctx.host.say(ctx.contact, p);
  return playbackMs(p);
}

/**
 * Connect starts the input timer when the prompt has finished; keys pressed during the
 * prompt interrupt it. So collection starts at once and the first-key timeout covers the
 * playback time plus InputTimeLimitSeconds.
 */
function firstKeyTimeoutMs(ctx: ActionContext, playMs: number): number {
  return playMs + (num(ctx.params.InputTimeLimitSeconds) ?? 0) * 1000;
}

async function runMenu(ctx: ActionContext): Promise<Outcome> {
  const playMs = await prompt(ctx);
  const timeoutMs = firstKeyTimeoutMs(ctx, playMs);
  // One key, whichever it is: # and * are menu choices here, not terminator or cancel keys.
  const result = await ctx.host.collectDigits(
    ctx.contact,
    { maxDigits: 1, firstDigitTimeoutMs: timeoutMs, interDigitTimeoutMs: timeoutMs, terminators: "", cancelKey: false, label: `menu (${ctx.action.Identifier})`, actionId: ctx.action.Identifier },
    ctx.signal,
  );
  if (result.kind === "timeout" || result.digits === "") {
    return { kind: "error", errorType: "InputTimeLimitExceeded", detail: `no key within ${num(ctx.params.InputTimeLimitSeconds)} s of the prompt` };
  }
  return { kind: "result", value: result.digits };
}

function positiveInteger(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

async function runStore(ctx: ActionContext): Promise<Outcome> {
  const validation = isObject(ctx.params.InputValidation) ? ctx.params.InputValidation : {};
  const phone = isObject(validation.PhoneNumberValidation) ? validation.PhoneNumberValidation : undefined;
  const custom = isObject(validation.CustomValidation) ? validation.CustomValidation : undefined;
  const dtmf = isObject(ctx.params.DTMFConfiguration) ? ctx.params.DTMFConfiguration : {};

  let maxDigits = PHONE_MAX_DIGITS;
  if (custom) {
    const raw = ctx.value(custom.MaximumLength);
    const max = positiveInteger(raw);
    if (max === undefined) return { kind: "error", errorType: "NoMatchingError", detail: `CustomValidation.MaximumLength ${q(custom.MaximumLength)} resolved to ${q(raw)}, not a positive whole number` };
    maxDigits = max;
  }
  let interDigit = DEFAULT_INTERDIGIT_SECONDS;
  if (dtmf.InterdigitTimeLimitSeconds !== undefined) {
    const raw = ctx.value(dtmf.InterdigitTimeLimitSeconds);
    const seconds = positiveInteger(raw);
    if (seconds === undefined || seconds > 20) return { kind: "error", errorType: "NoMatchingError", detail: `InterdigitTimeLimitSeconds resolved to ${q(raw)}; it must be a whole number from 1 to 20` };
    interDigit = seconds;
  }
  const sequence = typeof dtmf.InputTerminationSequence === "string" && dtmf.InputTerminationSequence !== "" ? dtmf.InputTerminationSequence : DEFAULT_TERMINATOR;

  const playMs = await prompt(ctx);
  const result = await ctx.host.collectDigits(
    ctx.contact,
    {
      maxDigits,
      firstDigitTimeoutMs: firstKeyTimeoutMs(ctx, playMs),
      interDigitTimeoutMs: interDigit * 1000,
      terminators: sequence,
      terminationSequence: sequence,
      cancelKey: !bool(dtmf.DisableCancelKey),
      label: `store customer input (${ctx.action.Identifier})`,
      actionId: ctx.action.Identifier,
    },
    ctx.signal,
  );
  // "When a call includes no customer input, the contact takes the Success branch ... a value of Timeout."
  if (result.kind === "timeout") {
    stored(ctx, "Timeout");
    ctx.note(`no key within ${num(ctx.params.InputTimeLimitSeconds)} s of the prompt`);
    return { kind: "next" };
  }
  const how = result.terminatedBy === "terminator" ? `ended with ${sequence}` : result.terminatedBy === "length" ? `reached ${maxDigits} digits` : result.terminatedBy === "interdigit-timeout" ? `caller paused ${interDigit} s` : "entry ended";
  ctx.note(`collected ${result.digits.length} key${result.digits.length === 1 ? "" : "s"} (${how})`);

  if (phone) {
    const check = phone.NumberFormat === "E164" ? checkE164Entry(result.digits) : checkLocalEntry(result.digits, String(phone.CountryCode ?? ""));
    if (!check.valid) {
      // The raw entry stays readable so the flow can repeat it back or log it.
      stored(ctx, result.digits);
      const noPlan = phone.NumberFormat !== "E164" && !NUMBERING_PLANS[String(phone.CountryCode ?? "").toUpperCase()];
      return { kind: "error", errorType: noPlan ? "NoMatchingError" : "InvalidPhoneNumber", detail: check.why };
    }
    stored(ctx, check.e164);
    return { kind: "next" };
  }
  if (isObject(ctx.params.InputEncryption)) {
    try {
      stored(ctx, encrypt(ctx.params.InputEncryption, result.digits));
    } catch (err) {
      return { kind: "error", errorType: "NoMatchingError", detail: `could not encrypt the input with InputEncryption.Key (${keyShape(ctx.params.InputEncryption)}): ${errorDetail(err)}` };
    }
    ctx.note(`input encrypted with key ${String(ctx.params.InputEncryption.EncryptionKeyId)}`);
    return { kind: "next" };
  }
  stored(ctx, result.digits);
  return { kind: "next" };
}

async function runBuffer(ctx: ActionContext): Promise<Outcome> {
  const buffer = ctx.host.dtmfBuffer?.(ctx.contact);
  if (!buffer) return { kind: "error", errorType: "NoMatchingError", detail: "this host does not simulate touchtone buffering" };
  if (bool(ctx.params.EnableDTMFBuffer)) {
    buffer.enable();
    ctx.note("touchtone buffering on");
    return { kind: "next" };
  }
  const held = buffer.stop();
  ctx.note(`touchtone buffering off; ${held.length} buffered key${held.length === 1 ? "" : "s"} cleared`);
  if (!bool(ctx.params.StoreInput)) return { kind: "next" };
  if (isObject(ctx.params.InputEncryption)) {
    try {
      stored(ctx, encrypt(ctx.params.InputEncryption, held));
    } catch (err) {
      return { kind: "error", errorType: "NoMatchingError", detail: `could not encrypt the buffered input with InputEncryption.Key (${keyShape(ctx.params.InputEncryption)}): ${errorDetail(err)}` };
    }
    return { kind: "next" };
  }
  stored(ctx, held);
  return { kind: "next" };
}

export const getParticipantInput: ActionDefinition = {
  type: "GetParticipantInput",
  family: "participant",
  params: {
    ...PROMPT_PARAMS,
    InputTimeLimitSeconds: { dynamism: "static", kind: "integer", min: 1 },
    StoreInput: { dynamism: "static", kind: "boolean" },
    InputValidation: {
      dynamism: "static",
      kind: "object",
      fields: {
        PhoneNumberValidation: {
          dynamism: "static",
          kind: "object",
          fields: {
            NumberFormat: { dynamism: "static", kind: "enum", enum: ["Local", "E164"], required: true },
            CountryCode: { dynamism: "static" },
          },
        },
        CustomValidation: { dynamism: "static", kind: "object", fields: { MaximumLength: { dynamism: "any", kind: "integer", min: 1, required: true } } },
      },
    },
    InputEncryption: {
      dynamism: "static",
      kind: "object",
      fields: { EncryptionKeyId: { dynamism: "static", required: true }, Key: { dynamism: "static", required: true } },
    },
    DTMFConfiguration: {
      dynamism: "static",
      kind: "object",
      fields: {
        InputTerminationSequence: { dynamism: "static" },
        DisableCancelKey: { dynamism: "static", kind: "boolean" },
        InterdigitTimeLimitSeconds: { dynamism: "any", kind: "integer", min: 1, max: 20 },
      },
    },
    EnableDTMFBuffer: { dynamism: "static", kind: "boolean" },
  },
  errors: { allowed: ["NoMatchingError", "NoMatchingCondition", "InputTimeLimitExceeded", "InvalidPhoneNumber"], required: ["NoMatchingError"] },
  conditions: { operators: ["Equals"] },
  flowTypes: onlyIn(["CONTACT_FLOW", "CUSTOMER_QUEUE", "AGENT_TRANSFER", "QUEUE_TRANSFER"], ["OUTBOUND_WHISPER"]),
  validate,
  async run(ctx) {
    // Checked here rather than through `channels` so the detail can say why (reference §5.1).
    if (ctx.contact.channel !== "VOICE") {
      const why =
        ctx.contact.channel === "CHAT"
          ? "GetParticipantInput collects keypad input; on chat, Get customer input works only with Amazon Lex (ConnectParticipantWithLexBot), otherwise it takes the Error branch"
          : `GetParticipantInput collects keypad input from a caller; ${aContactOn(ctx.contact.channel)} has none`;
      return { kind: "error", errorType: "NoMatchingError", detail: why };
    }
    const mode = modeOf(ctx.params);
    if (mode === "buffer") return runBuffer(ctx);
    return mode === "store" ? runStore(ctx) : runMenu(ctx);
  },
};

export const definitions: ActionDefinition[] = [getParticipantInput];
