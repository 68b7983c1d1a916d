/**
 * Generated hostile flow documents for the property tests of the loader and `flowsim lint`:
 * every shape a hand-edited or truncated export can take around a real action Type.
 * Only tests import this (fast-check is a development dependency).
 */
import fc from "fast-check";
import { definitionFor } from "./registry.js";
import { MAX_FLOW_DEPTH } from "./load.js";

/** A value nested `depth` levels deep, mixing arrays and objects. */
function nested(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
}

/** Anything JSON can hold, plus the values hand edits leave: huge text, deep nesting, reserved keys. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, true, false, 0, -1, 1e308, -1e308, "", "True", "$.Attributes.x", "$.", "{{x}}", "__proto__"),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.integer({ min: 1_000, max: 60_000 }).map((n) => "x".repeat(n)),
  fc.integer({ min: 1, max: MAX_FLOW_DEPTH * 3 }).map((d) => nested(d, "deep")),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{}}}') as unknown),
);

/** Parameters: a non-object, or the spec's own names (plus strangers) holding odd values. */
function parameters(type: string): fc.Arbitrary<unknown> {
  const known = Object.keys(definitionFor(type)?.params ?? {});
  const names = fc.constantFrom(...known, "__proto__", "constructor", "Unknown");
  return fc.oneof(oddValue, fc.dictionary(names, oddValue, { maxKeys: known.length + 2 }));
}

const target = fc.oneof(oddValue, fc.constantFrom("a0", "a1", "a2", "ghost"));

function transitions(type: string): fc.Arbitrary<unknown> {
  const errorTypes = fc.oneof(oddValue, fc.constantFrom(...(definitionFor(type)?.errors.allowed ?? []), "NoMatchingError"));
  const condition = fc.oneof(
    oddValue,
    fc.record({ Operator: fc.oneof(oddValue, fc.constantFrom("Equals", "NumberGreaterThan", "TextContains")), Operands: fc.oneof(oddValue, fc.array(oddValue, { maxLength: 3 })) }, { requiredKeys: [] }),
  );
  const list = <T>(item: fc.Arbitrary<T>) => fc.oneof(oddValue, fc.array(item, { maxLength: 4 }));
  return fc.oneof(
    oddValue,
    fc.record(
      {
        NextAction: target,
        Errors: list(fc.oneof(oddValue, fc.record({ ErrorType: errorTypes, NextAction: target }, { requiredKeys: [] }))),
        Conditions: list(fc.oneof(oddValue, fc.record({ Condition: condition, NextAction: target }, { requiredKeys: [] }))),
      },
      { requiredKeys: [] },
    ),
  );
}

/** One action of `type` whose every field may be missing or odd. */
export function hostileAction(type: string, identifier: string): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({ Identifier: fc.oneof(fc.constant(identifier), oddValue), Parameters: parameters(type), Transitions: transitions(type) }, { requiredKeys: [] })
    .map((a) => ({ ...a, Type: type }));
}

/** A document around a first action of `type`, with up to two more actions of other registered types. */
export function hostileDocument(type: string, otherTypes: readonly string[]): fc.Arbitrary<unknown> {
  const others = fc.array(fc.constantFrom(...otherTypes), { maxLength: 2 }).chain((ts) => fc.tuple(...ts.map((t, i) => hostileAction(t, `a${i + 1}`))));
  return fc
    .record({
      first: hostileAction(type, "a0"),
      others,
      Version: fc.oneof(fc.constant("2019-10-30"), oddValue),
      StartAction: fc.oneof(fc.constant("a0"), oddValue),
      Metadata: fc.oneof(fc.constant(undefined), oddValue, fc.record({ type: oddValue })),
      Settings: fc.oneof(fc.constant(undefined), oddValue),
    })
    .map(({ first, others, ...envelope }) => ({ ...envelope, Actions: [first, ...others] }));
}
