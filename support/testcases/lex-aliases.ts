/**
 * The Lex V2 bot aliases a flow's Lex blocks talk to, read from the flow's content (as
 * DescribeContactFlow returns it, or an export): a chat test case's Lex mock must name the
 * alias of the block it answers for, and a Lex given names no bot.
 */
export function lexAliasesIn(content: string | object): string[] {
  const doc = (typeof content === "string" ? JSON.parse(content) : content) as { Actions?: { Type?: string; Parameters?: { LexV2Bot?: { AliasArn?: unknown } } }[] };
  const aliases = (doc.Actions ?? []).filter((a) => a.Type === "ConnectParticipantWithLexBot").map((a) => a.Parameters?.LexV2Bot?.AliasArn);
  return [...new Set(aliases.filter((a): a is string => typeof a === "string" && a !== ""))];
}
