import { test } from "node:test";
import assert from "node:assert/strict";
import { constants, generateKeyPairSync, privateDecrypt } from "node:crypto";
import { harness, flowDoc, pathOf, detailOf, said, type ActionInput } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";
import type { FlowType } from "../flow-types.js";
import type { Channel } from "../model.js";
import { playbackMs } from "./util.js";

const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const endpoint = (id: string): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: `at ${id}: [$.StoredCustomerInput]` }, Transitions: { NextAction: "bye" } });
/** Long enough for an endpoint's few words to play on a call before it hangs up. */
const ENDPOINT_PLAY_MS = 5_000;
const equals = (key: string, next: string) => ({ NextAction: next, Condition: { Operator: "Equals", Operands: [key] } });

const MENU_TEXT = "Press 1 for sales or 2 for support";
/** The three branches a menu must have (no key, a key no condition takes, an error). */
const menuErrors = (noMatch: string) => [
  { ErrorType: "InputTimeLimitExceeded", NextAction: "timeout" },
  { ErrorType: "NoMatchingCondition", NextAction: noMatch },
  { ErrorType: "NoMatchingError", NextAction: "error" },
];
const menuAction = (params: Record<string, unknown> = {}): ActionInput => ({
  Identifier: "menu",
  Type: "GetParticipantInput",
  Parameters: { Text: MENU_TEXT, StoreInput: "False", InputTimeLimitSeconds: "5", ...params },
  Transitions: { NextAction: "other", Conditions: [equals("1", "sales"), equals("2", "support"), equals("#", "hash")], Errors: menuErrors("other") },
});
const menuFlow = (params: Record<string, unknown> = {}) =>
  flowDoc([menuAction(params), ...["sales", "support", "hash", "other", "timeout", "error"].map(endpoint), bye], { type: "contactFlow" });

const storeAction = (params: Record<string, unknown>, errors = [{ ErrorType: "NoMatchingError", NextAction: "error" }]): ActionInput => ({
  Identifier: "store",
  Type: "GetParticipantInput",
  Parameters: { Text: "Enter your account number", StoreInput: "True", InputTimeLimitSeconds: "5", ...params },
  Transitions: { NextAction: "done", Errors: errors },
});
const storeFlow = (params: Record<string, unknown>, errors?: { ErrorType: string; NextAction: string }[]) =>
  flowDoc([storeAction(params, errors), ...["done", "error", "invalid"].map(endpoint), bye], { type: "contactFlow" });

async function startOn(doc: ReturnType<typeof flowDoc>, channel: Channel = "VOICE", attributes: Record<string, string> = {}) {
  const h = harness();
  h.publish(doc, "flow");
  const started = await h.start("flow", { channel, attributes });
  return { h, ...started };
}

const MENU_TIMEOUT_MS = playbackMs({ text: MENU_TEXT, actionId: "menu" }) + 5000;

test("menu: each key takes its condition; # is a menu choice; an unlisted key takes NoMatchingCondition", async () => {
  for (const [key, branch] of [
    ["1", "menu → Condition: Equals 1"],
    ["2", "menu → Condition: Equals 2"],
    ["#", "menu → Condition: Equals #"],
    ["9", "menu → Error: NoMatchingCondition"],
  ]) {
    const { h, contact, session } = await startOn(menuFlow());
    assert.deepEqual(said(session), [MENU_TEXT]);
    assert.equal(h.runtime.pressKeys(contact.id, key), true, "the menu is collecting");
    await h.settle();
    assert.equal(pathOf(session.trace)[0], branch, `key ${key}`);
    await h.advance(ENDPOINT_PLAY_MS);
    assert.equal(contact.state, "ENDED");
  }
});

test("menu: the timeout counts from the end of the prompt; no key → InputTimeLimitExceeded", async () => {
  const { h, contact, session } = await startOn(menuFlow());
  await h.advance(MENU_TIMEOUT_MS - 1);
  assert.deepEqual(pathOf(session.trace), [], "still waiting just short of prompt + InputTimeLimitSeconds");
  await h.advance(1);
  assert.deepEqual(pathOf(session.trace).slice(0, 1), ["menu → Error: InputTimeLimitExceeded"]);
  await h.advance(ENDPOINT_PLAY_MS);
  assert.deepEqual(pathOf(session.trace).slice(0, 2), ["menu → Error: InputTimeLimitExceeded", "timeout → Success"]);
  assert.equal(contact.state, "ENDED");
});

test("menu: a key during the prompt interrupts it and is taken at once", async () => {
  const { h, contact, session } = await startOn(menuFlow());
  await h.advance(300);
  h.runtime.pressKeys(contact.id, "2");
  await h.settle();
  assert.equal(pathOf(session.trace)[0], "menu → Condition: Equals 2");
});

test("menu: chat and task contacts take NoMatchingError with the reason", async () => {
  for (const channel of ["CHAT", "TASK"] as const) {
    const { session } = await startOn(menuFlow(), channel);
    assert.equal(pathOf(session.trace)[0], "menu → Error: NoMatchingError", channel);
    const step = session.trace.find((s) => s.kind === "action" && s.actionId === "menu");
    assert.ok(step && step.kind === "action");
    assert.match(step.detail ?? "", channel === "CHAT" ? /only with Amazon Lex/ : /a task contact has none/);
    assert.deepEqual(said(session), ["at error: []"], "no prompt is said on a channel the block does not support");
  }
});

test("store: digits up to the # terminator go to $.StoredCustomerInput and the flow takes NextAction", async () => {
  const { h, contact, session } = await startOn(storeFlow({ InputValidation: { CustomValidation: { MaximumLength: "8" } } }));
  h.runtime.pressKeys(contact.id, "1234#");
  await h.settle();
  assert.equal(contact.storedCustomerInput, "1234");
  assert.deepEqual(said(session).at(-1), "at done: [1234]");
  assert.equal(pathOf(session.trace)[0], "store → Success");
});

test("store: MaximumLength ends the entry; resolved from JSONPath when dynamic", async () => {
  const { h, contact } = await startOn(storeFlow({ InputValidation: { CustomValidation: { MaximumLength: "$.Attributes.digits" } } }), "VOICE", { digits: "3" });
  h.runtime.pressKeys(contact.id, "98765");
  await h.settle();
  assert.equal(contact.storedCustomerInput, "987");
});

test("store: a MaximumLength that resolves to nothing takes NoMatchingError", async () => {
  const { session } = await startOn(storeFlow({ InputValidation: { CustomValidation: { MaximumLength: "$.Attributes.missing" } } }));
  assert.equal(pathOf(session.trace)[0], "store → Error: NoMatchingError");
});

test("store: the inter-digit timeout (default 5 s) ends the entry; a dynamic one is resolved", async () => {
  const { h, contact, session } = await startOn(storeFlow({ InputValidation: { CustomValidation: { MaximumLength: "10" } } }));
  h.runtime.pressKeys(contact.id, "12");
  await h.advance(4999);
  assert.deepEqual(pathOf(session.trace), []);
  await h.advance(1);
  assert.equal(contact.storedCustomerInput, "12");

  const dyn = await startOn(
    storeFlow({ InputValidation: { CustomValidation: { MaximumLength: "10" } }, DTMFConfiguration: { InterdigitTimeLimitSeconds: "$.Attributes.gap" } }),
    "VOICE",
    { gap: "2" },
  );
  dyn.h.runtime.pressKeys(dyn.contact.id, "7");
  await dyn.h.advance(1999);
  assert.deepEqual(pathOf(dyn.session.trace), []);
  await dyn.h.advance(1);
  assert.equal(dyn.contact.storedCustomerInput, "7");
});

test("store: no input takes NextAction with StoredCustomerInput = Timeout, after the prompt and the time limit", async () => {
  const { h, contact, session } = await startOn(storeFlow({ InputValidation: { CustomValidation: { MaximumLength: "4" } } }));
  const limit = playbackMs({ text: "Enter your account number", actionId: "store" }) + 5000;
  await h.advance(limit - 1);
  assert.equal(contact.storedCustomerInput, undefined);
  await h.advance(1);
  assert.equal(contact.storedCustomerInput, "Timeout");
  assert.equal(pathOf(session.trace)[0], "store → Success");
});

test("store: * cancels what was typed unless DisableCancelKey; a custom sequence terminates", async () => {
  const cancel = await startOn(storeFlow({ InputValidation: { CustomValidation: { MaximumLength: "10" } } }));
  cancel.h.runtime.pressKeys(cancel.contact.id, "12*34#");
  await cancel.h.settle();
  assert.equal(cancel.contact.storedCustomerInput, "34");

  const keep = await startOn(storeFlow({ InputValidation: { CustomValidation: { MaximumLength: "10" } }, DTMFConfiguration: { DisableCancelKey: "True" } }));
  keep.h.runtime.pressKeys(keep.contact.id, "12*34#");
  await keep.h.settle();
  assert.equal(keep.contact.storedCustomerInput, "12*34");

  const seq = await startOn(storeFlow({ InputValidation: { CustomValidation: { MaximumLength: "10" } }, DTMFConfiguration: { InputTerminationSequence: "##" } }));
  seq.h.runtime.pressKeys(seq.contact.id, "1#2##");
  await seq.h.settle();
  assert.equal(seq.contact.storedCustomerInput, "1#2");
});

test("store: phone numbers are checked and stored in E.164; invalid ones take InvalidPhoneNumber", async () => {
  const errors = [
    { ErrorType: "InvalidPhoneNumber", NextAction: "invalid" },
    { ErrorType: "NoMatchingError", NextAction: "error" },
  ];
  const cases: [Record<string, string>, string, string, string][] = [
    [{ NumberFormat: "Local", CountryCode: "US" }, "4155550100#", "store → Success", "+14155550100"],
    [{ NumberFormat: "Local", CountryCode: "US" }, "14155550100#", "store → Success", "+14155550100"],
    [{ NumberFormat: "Local", CountryCode: "US" }, "1415555010#", "store → Error: InvalidPhoneNumber", "1415555010"],
    [{ NumberFormat: "Local", CountryCode: "AU" }, "0412345678#", "store → Success", "+61412345678"],
    [{ NumberFormat: "E164" }, "442071234567#", "store → Success", "+442071234567"],
    [{ NumberFormat: "E164" }, "0441234#", "store → Error: InvalidPhoneNumber", "0441234"],
  ];
  for (const [validation, keys, branch, stored] of cases) {
    const { h, contact, session } = await startOn(storeFlow({ InputValidation: { PhoneNumberValidation: validation } }, errors));
    h.runtime.pressKeys(contact.id, keys);
    await h.settle();
    assert.equal(pathOf(session.trace)[0], branch, `${JSON.stringify(validation)} ${keys}`);
    assert.equal(contact.storedCustomerInput, stored);
  }
});

test("store: InputEncryption stores RSA-OAEP-SHA512 ciphertext that the private key decrypts", async () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  const { h, contact } = await startOn(storeFlow({ InputValidation: { CustomValidation: { MaximumLength: "16" } }, InputEncryption: { EncryptionKeyId: "key-1", Key: publicKey } }));
  h.runtime.pressKeys(contact.id, "4111111111111111");
  await h.settle();
  const stored = contact.storedCustomerInput ?? "";
  assert.notEqual(stored, "4111111111111111");
  const plain = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha512" }, Buffer.from(stored, "base64")).toString("utf8");
  assert.equal(plain, "4111111111111111");
});

test("store: a placeholder key publishes and fails when the block encrypts, saying so", async () => {
  const { h, contact, session } = await startOn(storeFlow({ InputValidation: { CustomValidation: { MaximumLength: "4" } }, InputEncryption: { EncryptionKeyId: "key-1", Key: "ENTER YOUR PUBLIC KEY HERE" } }));
  h.runtime.pressKeys(contact.id, "1234");
  await h.settle();
  assert.deepEqual(pathOf(session.trace).slice(0, 1), ["store → Error: NoMatchingError"]);
  assert.match(detailOf(session.trace, "store") ?? "", /^could not encrypt the input with InputEncryption\.Key \(not a PEM key; a placeholder left in the flow\?\)/);
  assert.equal(contact.storedCustomerInput, undefined, "nothing is stored in the clear");
});

test("touchtone buffer: keys typed between blocks wait for the next menu, which skips its prompt", async () => {
  const doc = (buffer: boolean) =>
    flowDoc(
      [
        ...(buffer ? [{ Identifier: "on", Type: "GetParticipantInput", Parameters: { EnableDTMFBuffer: "True" }, Transitions: { NextAction: "first", Errors: [{ ErrorType: "NoMatchingError", NextAction: "error" }] } }] : []),
        { ...menuAction(), Identifier: "first", Transitions: { NextAction: "other", Conditions: [equals("1", "menu")], Errors: menuErrors("other") } },
        menuAction(),
        ...["sales", "support", "hash", "other", "timeout", "error"].map(endpoint),
        bye,
      ],
      { type: "contactFlow" },
    );
  const on = await startOn(doc(true));
  on.h.runtime.pressKeys(on.contact.id, "1");
  // The first menu has its key; the flow has not reached the second menu yet.
  assert.equal(on.h.runtime.pressKeys(on.contact.id, "2"), true, "buffered while no block collects");
  await on.h.settle();
  assert.deepEqual(pathOf(on.session.trace).slice(0, 3), ["on → Success", "first → Condition: Equals 1", "menu → Condition: Equals 2"]);
  assert.deepEqual(said(on.session).slice(0, 1), [MENU_TEXT], "the second menu's prompt is skipped");
  assert.equal(said(on.session).length, 2);

  const off = await startOn(doc(false));
  off.h.runtime.pressKeys(off.contact.id, "1");
  assert.equal(off.h.runtime.pressKeys(off.contact.id, "2"), false, "without buffering the key is lost");
  await off.h.settle();
  assert.deepEqual(pathOf(off.session.trace), ["first → Condition: Equals 1"], "the second menu still waits");
});

test("touchtone buffer: stop and clear stores what was buffered", async () => {
  const doc = flowDoc(
    [
      { Identifier: "on", Type: "GetParticipantInput", Parameters: { EnableDTMFBuffer: "True" }, Transitions: { NextAction: "first", Errors: [{ ErrorType: "NoMatchingError", NextAction: "error" }] } },
      { ...menuAction(), Identifier: "first", Transitions: { NextAction: "off", Conditions: [equals("1", "off")], Errors: menuErrors("error") } },
      { Identifier: "off", Type: "GetParticipantInput", Parameters: { EnableDTMFBuffer: "False", StoreInput: "True" }, Transitions: { NextAction: "done", Errors: [{ ErrorType: "NoMatchingError", NextAction: "error" }] } },
      ...["done", "error", "timeout"].map(endpoint),
      bye,
    ],
    { type: "contactFlow" },
  );
  const { h, contact, session } = await startOn(doc);
  h.runtime.pressKeys(contact.id, "1");
  h.runtime.pressKeys(contact.id, "987");
  await h.settle();
  assert.equal(contact.storedCustomerInput, "987");
  assert.equal(said(session).at(-1), "at done: [987]");
  assert.equal(h.runtime.dtmfBuffer(contact).enabled, false);
  assert.equal(h.runtime.dtmfBuffer(contact).digits, "");
});

test("touchtone buffer on chat takes NoMatchingError", async () => {
  const doc = flowDoc(
    [{ Identifier: "on", Type: "GetParticipantInput", Parameters: { EnableDTMFBuffer: "True" }, Transitions: { NextAction: "done", Errors: [{ ErrorType: "NoMatchingError", NextAction: "error" }] } }, ...["done", "error"].map(endpoint), bye],
    { type: "contactFlow" },
  );
  const { session } = await startOn(doc, "CHAT");
  assert.equal(pathOf(session.trace)[0], "on → Error: NoMatchingError");
});

// ---- validation -------------------------------------------------------------------

function problems(action: ActionInput, flowType?: FlowType) {
  const doc = flowDoc([action, ...["done", "error", "invalid", "other", "sales", "timeout"].map(endpoint), bye], { type: flowType ? undefined : "contactFlow" });
  return loadFlowDocument(doc, "v.json", { flowType }).problems.filter((p) => p.action === action.Identifier);
}
const errorsOf = (action: ActionInput, flowType?: FlowType) => problems(action, flowType).filter((p) => p.severity === "error").map((p) => p.message);
const warningsOf = (action: ActionInput) => problems(action).filter((p) => p.severity === "warning").map((p) => p.message);
const menuFor = (params: Record<string, unknown>, transitions: Partial<ActionInput["Transitions"]> = {}): ActionInput => ({
  Identifier: "m",
  Type: "GetParticipantInput",
  Parameters: { Text: "Press 1", StoreInput: "False", InputTimeLimitSeconds: "5", ...params },
  Transitions: { NextAction: "other", Conditions: [equals("1", "sales")], Errors: menuErrors("other"), ...transitions },
});
const storeFor = (params: Record<string, unknown>, transitions: Partial<ActionInput["Transitions"]> = {}): ActionInput => ({
  Identifier: "s",
  Type: "GetParticipantInput",
  Parameters: { Text: "Enter", StoreInput: "True", InputTimeLimitSeconds: "5", InputValidation: { CustomValidation: { MaximumLength: "4" } }, ...params },
  Transitions: { NextAction: "done", Errors: [{ ErrorType: "NoMatchingError", NextAction: "error" }], ...transitions },
});

test("validation: well-formed menus and store blocks load cleanly", () => {
  assert.deepEqual(errorsOf(menuFor({})), []);
  assert.deepEqual(warningsOf(menuFor({})), []);
  assert.deepEqual(errorsOf(storeFor({ DTMFConfiguration: { InputTerminationSequence: "#", DisableCancelKey: "False", InterdigitTimeLimitSeconds: "5" } })), []);
  assert.deepEqual(errorsOf(storeFor({ InputValidation: { PhoneNumberValidation: { NumberFormat: "Local", CountryCode: "US" } } }, { Errors: [{ ErrorType: "InvalidPhoneNumber", NextAction: "invalid" }, { ErrorType: "NoMatchingError", NextAction: "error" }] })), []);
});

test("validation: menu conditions compare one static key", () => {
  for (const operand of ["12", "A", "$.Attributes.key", ""]) {
    const errors = errorsOf(menuFor({}, { Conditions: [equals(operand, "sales")] }));
    assert.ok(errors.some((m) => /single static character 0-9, \* or #/.test(m)), `${operand}: ${errors.join(" | ")}`);
  }
  assert.ok(errorsOf(menuFor({}, { Conditions: [{ NextAction: "sales", Condition: { Operator: "TextContains", Operands: ["1"] } }] })).some((m) => /supports only Equals/.test(m)));
});

test("validation: InputTimeLimitSeconds is required, static and above zero; over the console's 180 s is a warning", () => {
  const { InputTimeLimitSeconds: _omit, ...without } = menuFor({}).Parameters as Record<string, unknown>;
  assert.ok(errorsOf({ ...menuFor({}), Parameters: without }).some((m) => /missing required property. Path: Actions\[0\].Parameters.InputTimeLimitSeconds/.test(m)));
  assert.ok(errorsOf(menuFor({ InputTimeLimitSeconds: "0" })).some((m) => /below the minimum 1/.test(m)));
  assert.ok(errorsOf(menuFor({ InputTimeLimitSeconds: "$.Attributes.t" })).some((m) => /must be defined statically/.test(m)));
  assert.ok(warningsOf(menuFor({ InputTimeLimitSeconds: "300" })).some((m) => /at most 180/.test(m)));
});

test("validation: InputValidation is required if and only if StoreInput is True", () => {
  assert.ok(errorsOf(menuFor({ InputValidation: { CustomValidation: { MaximumLength: "4" } } })).some((m) => /required if and only if StoreInput is True/.test(m)));
  const { InputValidation: _omit, ...without } = storeFor({}).Parameters as Record<string, unknown>;
  assert.ok(errorsOf({ ...storeFor({}), Parameters: without }).some((m) => /missing required property. Path: Actions\[0\].Parameters.InputValidation/.test(m)));
  assert.ok(errorsOf(storeFor({ InputValidation: { CustomValidation: { MaximumLength: "4" }, PhoneNumberValidation: { NumberFormat: "E164" } } })).some((m) => /Only one of these properties may be defined. Properties: \[PhoneNumberValidation, CustomValidation\]/.test(m)));
  assert.ok(errorsOf(storeFor({ InputValidation: { PhoneNumberValidation: { NumberFormat: "Local" } } })).some((m) => /CountryCode \(required when NumberFormat is Local\)/.test(m)));
  assert.ok(errorsOf(storeFor({ InputValidation: { PhoneNumberValidation: { NumberFormat: "National", CountryCode: "US" } } })).some((m) => /not one of Local, E164/.test(m)));
  assert.ok(errorsOf(storeFor({ InputValidation: { PhoneNumberValidation: { NumberFormat: "Local", CountryCode: "USA" } } })).some((m) => /two-letter country code/.test(m)));
  assert.ok(warningsOf(storeFor({ InputValidation: { PhoneNumberValidation: { NumberFormat: "Local", CountryCode: "ZZ" } } })).some((m) => /no numbering plan for ZZ/.test(m)));
});

test("validation: errors that must be defined only in one mode", () => {
  assert.ok(errorsOf(storeFor({}, { Errors: [{ ErrorType: "NoMatchingCondition", NextAction: "other" }, { ErrorType: "NoMatchingError", NextAction: "error" }] })).some((m) => /Error: NoMatchingCondition.*defined only if StoreInput is False/.test(m)));
  assert.ok(errorsOf(storeFor({}, { Errors: [{ ErrorType: "InvalidPhoneNumber", NextAction: "invalid" }, { ErrorType: "NoMatchingError", NextAction: "error" }] })).some((m) => /Error: InvalidPhoneNumber/.test(m)));
  assert.ok(errorsOf(menuFor({}, { Errors: [{ ErrorType: "InvalidPhoneNumber", NextAction: "invalid" }, { ErrorType: "NoMatchingError", NextAction: "error" }] })).some((m) => /Error: InvalidPhoneNumber/.test(m)));
  assert.ok(errorsOf(storeFor({}, { Conditions: [equals("1", "sales")] })).some((m) => /does not support conditions.*StoreInput is True/.test(m)));
  assert.ok(errorsOf(menuFor({}, { Errors: [{ ErrorType: "InputTimeLimitExceeded", NextAction: "timeout" }] })).some((m) => /missing required error. Error: NoMatchingError/.test(m)));
  assert.ok(warningsOf(storeFor({}, { Errors: [{ ErrorType: "InputTimeLimitExceeded", NextAction: "timeout" }, { ErrorType: "NoMatchingError", NextAction: "error" }] })).some((m) => /InputTimeLimitExceeded is never taken/.test(m)));
  // The live service refuses a menu without these branches (issue 12's recorded create calls).
  const bare = errorsOf(menuFor({}, { Errors: [{ ErrorType: "NoMatchingError", NextAction: "error" }] }));
  assert.ok(bare.some((m) => /missing required error\. Error: InputTimeLimitExceeded, Path: Actions\[0\]/.test(m)), bare.join("\n"));
  assert.ok(bare.some((m) => /missing required error\. Error: NoMatchingCondition, Path: Actions\[0\]/.test(m)), bare.join("\n"));
  const noConditions = errorsOf(menuFor({}, { Conditions: [], Errors: [{ ErrorType: "InputTimeLimitExceeded", NextAction: "timeout" }, { ErrorType: "NoMatchingError", NextAction: "error" }] }));
  assert.ok(noConditions.some((m) => /Error: NoMatchingCondition/.test(m)), "required even with no conditions");
  assert.deepEqual(errorsOf(menuFor({})), []);
});

test("validation: encryption, DTMF settings and prompts", () => {
  assert.ok(errorsOf(storeFor({ InputValidation: { PhoneNumberValidation: { NumberFormat: "E164" } }, InputEncryption: { EncryptionKeyId: "k", Key: "x" } })).some((m) => /may only be specified if CustomValidation is provided/.test(m)));
  // Placeholder text (AWS's own "Sample secure input" flows, deployment tools) publishes; a broken PEM does not.
  for (const placeholder of ["not a key", "{{encryptionKey}}", "${PUBLIC_KEY}", "ENTER YOUR PUBLIC KEY HERE"]) {
    assert.deepEqual(errorsOf(storeFor({ InputEncryption: { EncryptionKeyId: "k", Key: placeholder } })), [], placeholder);
    assert.ok(warningsOf(storeFor({ InputEncryption: { EncryptionKeyId: "k", Key: placeholder } })).some((m) => /Not a PEM key \(a placeholder\?\)/.test(m)), placeholder);
  }
  assert.ok(errorsOf(storeFor({ InputEncryption: { EncryptionKeyId: "k", Key: "-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----" } })).some((m) => /InputEncryption.Key \(not a PEM public key/.test(m)));
  const { privateKey: pem } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  assert.ok(errorsOf(storeFor({ InputEncryption: { EncryptionKeyId: "k", Key: pem } })).some((m) => /this is a private key/.test(m)));
  const { publicKey: ec } = generateKeyPairSync("ec", { namedCurve: "P-256", publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  assert.ok(errorsOf(storeFor({ InputEncryption: { EncryptionKeyId: "k", Key: ec } })).some((m) => /RSA public key is needed; this key is ec/.test(m)));
  assert.ok(errorsOf(storeFor({ InputEncryption: { Key: "x" } })).some((m) => /missing required property. Path: Actions\[0\].Parameters.InputEncryption.EncryptionKeyId/.test(m)));
  assert.ok(errorsOf(menuFor({ InputEncryption: { EncryptionKeyId: "k", Key: "x" } })).some((m) => /InputEncryption \(may only be specified with InputValidation.CustomValidation/.test(m)));
  assert.ok(errorsOf(storeFor({ DTMFConfiguration: { InterdigitTimeLimitSeconds: "25" } })).some((m) => /above the maximum 20/.test(m)));
  assert.ok(errorsOf(storeFor({ DTMFConfiguration: { InputTerminationSequence: "123456" } })).some((m) => /up to five keys/.test(m)));
  assert.ok(errorsOf(storeFor({ DTMFConfiguration: { InputTerminationSequence: "*#" } })).some((m) => /needs DisableCancelKey True/.test(m)));
  assert.deepEqual(errorsOf(storeFor({ DTMFConfiguration: { InputTerminationSequence: "*#", DisableCancelKey: "True" } })), []);
  assert.ok(warningsOf(menuFor({ DTMFConfiguration: { DisableCancelKey: "True" } })).some((m) => /DTMFConfiguration is ignored/.test(m)));
  assert.ok(errorsOf(menuFor({ SSML: "<speak>Press 1</speak>" })).some((m) => /Only one of these properties may be defined. Properties: \[Text, SSML\]/.test(m)));
  assert.ok(errorsOf(menuFor({ Unknown: "x" })).some((m) => /Invalid Action property name. Path: Actions\[0\].Parameters.Unknown/.test(m)));
});

test("validation: the touchtone buffer form takes only its own parameters", () => {
  const buffer = (params: Record<string, unknown>): ActionInput => ({ Identifier: "b", Type: "GetParticipantInput", Parameters: params, Transitions: { NextAction: "done", Errors: [{ ErrorType: "NoMatchingError", NextAction: "error" }] } });
  assert.deepEqual(errorsOf(buffer({ EnableDTMFBuffer: "true" })), []);
  assert.deepEqual(errorsOf(buffer({ EnableDTMFBuffer: "False", StoreInput: "True" })), []);
  assert.ok(errorsOf(buffer({ EnableDTMFBuffer: "True", Text: "hi" })).some((m) => /Parameters.Text \(enabling the touchtone buffer/.test(m)));
  assert.ok(errorsOf(buffer({ EnableDTMFBuffer: "False", InputEncryption: { EncryptionKeyId: "k", Key: "x" } })).some((m) => /StoreInput must be True/.test(m)));
});

test("validation: flow types — whisper and hold flows reject it, outbound whisper warns", () => {
  assert.ok(errorsOf(menuFor({}), "CUSTOMER_WHISPER").some((m) => /Unsupported block type: GetParticipantInput/.test(m)));
  assert.ok(errorsOf(menuFor({}), "AGENT_HOLD").some((m) => /Unsupported block type/.test(m)));
  assert.deepEqual(errorsOf(menuFor({}), "CUSTOMER_QUEUE"), []);
  assert.ok(problems(menuFor({}), "OUTBOUND_WHISPER").some((p) => p.severity === "warning" && /admin guide does/.test(p.message)));
});
