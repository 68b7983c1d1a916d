/**
 * Allure labels and links from Gherkin tags. allure-cucumberjs's own tag patterns cannot
 * turn `@critical` into severity `critical` (it only strips an `@name:` prefix) and reads
 * links as `@name=value`; the scenarios use `@critical` and `@issue:42`, so the mapping
 * lives here and the formatter applies it. Every tag also stays an Allure tag as written.
 *
 * | tag                                   | becomes                                   |
 * |---------------------------------------|-------------------------------------------|
 * | `@blocker` `@critical` `@normal` `@minor` `@trivial` | label severity=<that>      |
 * | `@severity:<level>`                   | label severity=<level> (a level above)    |
 * | `@issue:<id>`                         | link type issue, when an issue URL template is set |
 * | `@tms:<id>`                           | link type tms, when a TMS URL template is set |
 * | `@owner:<x>` `@epic:<x>` `@story:<x>` `@layer:<x>` | label of that name          |
 * | `@sim-only`                           | label layer=simulator                     |
 * | `@staging-only`                       | label layer=staging                       |
 */

export interface AllureLabel {
  name: string;
  value: string;
}

export interface AllureLink {
  type: string;
  url: string;
  name?: string;
}

export interface TagOptions {
  /** e.g. `https://tracker.example/browse/%s`; without it `@issue:N` stays a tag only. */
  issueUrlTemplate?: string;
  tmsUrlTemplate?: string;
}

export const SEVERITIES = ["blocker", "critical", "normal", "minor", "trivial"] as const;
const LABEL_TAGS = new Set(["owner", "epic", "story", "layer"]);
const LAYER_TAGS: Record<string, string> = { "sim-only": "simulator", "staging-only": "staging" };

function applyTemplate(template: string, value: string): string {
  const encoded = encodeURIComponent(value);
  return template.includes("%s") ? template.replaceAll("%s", encoded) : `${template.replace(/\/?$/, "/")}${encoded}`;
}

/** Labels and links for one scenario's tags (feature tags included), without duplicates. */
export function tagMetadata(tags: readonly string[], options: TagOptions = {}): { labels: AllureLabel[]; links: AllureLink[] } {
  const labels: AllureLabel[] = [];
  const links: AllureLink[] = [];
  const addLabel = (name: string, value: string) => {
    if (value && !labels.some((l) => l.name === name && l.value === value)) labels.push({ name, value });
  };
  const addLink = (type: string, template: string | undefined, value: string) => {
    if (!template || !value) return;
    const url = applyTemplate(template, value);
    if (!links.some((l) => l.url === url)) links.push({ type, url, name: value });
  };
  let severity: string | undefined;
  for (const raw of tags) {
    const tag = raw.replace(/^@/, "");
    const colon = tag.indexOf(":");
    const key = (colon < 0 ? tag : tag.slice(0, colon)).toLowerCase();
    const value = colon < 0 ? "" : tag.slice(colon + 1).trim();
    if (colon < 0 && (SEVERITIES as readonly string[]).includes(key)) severity = pickSeverity(severity, key);
    else if (key === "severity" && (SEVERITIES as readonly string[]).includes(value.toLowerCase())) severity = pickSeverity(severity, value.toLowerCase());
    else if (key === "issue") addLink("issue", options.issueUrlTemplate, value);
    else if (key === "tms") addLink("tms", options.tmsUrlTemplate, value);
    else if (colon >= 0 && LABEL_TAGS.has(key)) addLabel(key, value);
    else if (colon < 0 && LAYER_TAGS[key]) addLabel("layer", LAYER_TAGS[key]);
  }
  // One severity per result: Allure shows only one, so the most severe tag wins.
  if (severity) labels.unshift({ name: "severity", value: severity });
  return { labels, links };
}

function pickSeverity(current: string | undefined, candidate: string): string {
  if (!current) return candidate;
  return SEVERITIES.indexOf(candidate as (typeof SEVERITIES)[number]) < SEVERITIES.indexOf(current as (typeof SEVERITIES)[number]) ? candidate : current;
}
