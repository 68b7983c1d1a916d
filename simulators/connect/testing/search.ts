/**
 * SearchTestCases criteria and tag filters.
 *
 * Decisions where the reference is silent (§6.7, §10.12):
 * - StringCondition.FieldName is one of name, description and resourceID, the fields
 *   Connect's other searches take; comparisons ignore case.
 * - A criteria object with several members needs all of them; OrConditions needs one
 *   of its entries, AndConditions all. Criteria nest at most 5 deep (flowsim's bound).
 * - A tag condition without TagValue asks only for the key.
 */
export interface TagCondition {
  TagKey?: string;
  TagValue?: string;
}

export interface TagFilter {
  OrConditions?: TagCondition[][];
  AndConditions?: TagCondition[];
  TagCondition?: TagCondition;
}

export interface StringCondition {
  FieldName?: string;
  Value?: string;
  ComparisonType?: "STARTS_WITH" | "CONTAINS" | "EXACT";
}

export interface SearchCriteria {
  OrConditions?: SearchCriteria[];
  AndConditions?: SearchCriteria[];
  StringCondition?: StringCondition;
  StatusCondition?: "PUBLISHED" | "SAVED";
}

/** What a search sees of a test case. */
export interface Searchable {
  id: string;
  name: string;
  description?: string;
  status: string;
  tags: Record<string, string>;
}

export const SEARCH_FIELDS = ["name", "description", "resourceID"] as const;
export const MAX_CRITERIA_DEPTH = 5;

/** What is wrong with the criteria, in the service's validation words. */
export function criteriaProblems(c: SearchCriteria, path = "searchCriteria", depth = 1): string[] {
  if (depth > MAX_CRITERIA_DEPTH) return [`Value at '${path}' failed to satisfy constraint: criteria nest at most ${MAX_CRITERIA_DEPTH} levels deep`];
  const out: string[] = [];
  const s = c.StringCondition;
  if (s) {
    if (!(SEARCH_FIELDS as readonly string[]).includes(s.FieldName ?? "")) out.push(`Value '${s.FieldName ?? "null"}' at '${path}.stringCondition.fieldName' failed to satisfy constraint: Member must be one of [${SEARCH_FIELDS.join(", ")}]`);
    if (s.Value === undefined) out.push(`Value null at '${path}.stringCondition.value' failed to satisfy constraint: Member must not be null`);
    if (s.ComparisonType === undefined) out.push(`Value null at '${path}.stringCondition.comparisonType' failed to satisfy constraint: Member must not be null`);
  }
  (c.OrConditions ?? []).forEach((x, i) => out.push(...criteriaProblems(x, `${path}.orConditions.${i + 1}`, depth + 1)));
  (c.AndConditions ?? []).forEach((x, i) => out.push(...criteriaProblems(x, `${path}.andConditions.${i + 1}`, depth + 1)));
  return out;
}

function matchesString(t: Searchable, s: StringCondition): boolean {
  const field = s.FieldName === "name" ? t.name : s.FieldName === "description" ? t.description : t.id;
  if (field === undefined) return false;
  const have = field.toLowerCase();
  const want = (s.Value ?? "").toLowerCase();
  return s.ComparisonType === "EXACT" ? have === want : s.ComparisonType === "STARTS_WITH" ? have.startsWith(want) : have.includes(want);
}

export function matchesCriteria(t: Searchable, c: SearchCriteria): boolean {
  if (c.StringCondition && !matchesString(t, c.StringCondition)) return false;
  if (c.StatusCondition !== undefined && t.status !== c.StatusCondition) return false;
  if (c.OrConditions?.length && !c.OrConditions.some((x) => matchesCriteria(t, x))) return false;
  return (c.AndConditions ?? []).every((x) => matchesCriteria(t, x));
}

function hasTag(tags: Record<string, string>, c: TagCondition): boolean {
  return c.TagKey !== undefined && Object.prototype.hasOwnProperty.call(tags, c.TagKey) && (c.TagValue === undefined || tags[c.TagKey] === c.TagValue);
}

export function matchesTags(tags: Record<string, string>, f: TagFilter): boolean {
  if (f.TagCondition && !hasTag(tags, f.TagCondition)) return false;
  if (f.AndConditions && !f.AndConditions.every((c) => hasTag(tags, c))) return false;
  return !f.OrConditions?.length || f.OrConditions.some((all) => all.every((c) => hasTag(tags, c)));
}
