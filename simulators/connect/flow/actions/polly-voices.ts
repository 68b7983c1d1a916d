/**
 * Amazon Polly voices and the engines each one supports, for Set voice
 * (UpdateContactTextToSpeechVoice). A static snapshot of Polly's voice list (2025): a
 * voice Polly adds later is unknown here, and Set voice reports it as such.
 */

export type PollyEngine = "standard" | "neural" | "generative" | "long-form";

const ENGINE_CODES: Record<string, PollyEngine> = { S: "standard", N: "neural", G: "generative", L: "long-form" };

/** VoiceId → engines: S standard, N neural, G generative, L long-form. */
const VOICES: Record<string, string> = {
  // English (US)
  Danielle: "NGL", Gregory: "NL", Ivy: "SN", Joanna: "SNGL", Kendra: "SN", Kimberly: "SN", Salli: "SNG", Joey: "SN", Justin: "SN", Kevin: "N", Matthew: "SNG", Ruth: "NGL", Stephen: "NG", Patrick: "L",
  // English (GB, AU, IN, IE, NZ, SG, ZA, Welsh)
  Amy: "SNG", Emma: "SN", Brian: "SN", Arthur: "N", Nicole: "S", Olivia: "NG", Russell: "S", Aditi: "S", Raveena: "S", Kajal: "NG", Niamh: "N", Aria: "N", Jasmine: "N", Ayanda: "N", Geraint: "S",
  // Arabic, Catalan, Chinese, Czech, Danish, Dutch, Finnish
  Zeina: "S", Hala: "N", Zayd: "N", Arlet: "N", Hiujin: "N", Zhiyu: "SN", Jitka: "N", Naja: "S", Mads: "S", Sofie: "N", Lisa: "N", Laura: "N", Lotte: "S", Ruben: "S", Suvi: "N",
  // French (BE, CA, FR)
  Isabelle: "N", Chantal: "S", Gabrielle: "NG", Liam: "NG", Celine: "S", Lea: "SNG", Mathieu: "S", Remi: "NG",
  // German (AT, CH, DE)
  Hannah: "N", Sabrina: "N", Marlene: "S", Vicki: "SNG", Hans: "S", Daniel: "NG",
  // Icelandic, Italian, Japanese, Korean, Norwegian, Polish
  Dora: "S", Karl: "S", Carla: "S", Bianca: "SNG", Giorgio: "S", Adriano: "NG", Mizuki: "S", Takumi: "SN", Kazuha: "N", Tomoko: "N", Seoyeon: "SN", Jihye: "N", Liv: "S", Ida: "N", Ewa: "S", Maja: "S", Jacek: "S", Jan: "S", Ola: "N",
  // Portuguese (BR, PT), Romanian, Russian
  Camila: "SN", Vitoria: "SN", Ricardo: "S", Thiago: "N", Ines: "SN", Cristiano: "S", Carmen: "S", Tatyana: "S", Maxim: "S",
  // Spanish (ES, MX, US), Swedish, Turkish, Welsh
  Conchita: "S", Lucia: "SNG", Enrique: "S", Sergio: "NG", Alba: "L", Raul: "L", Mia: "SNG", Andres: "NG", Lupe: "SNG", Penelope: "S", Miguel: "S", Pedro: "NG", Astrid: "S", Elin: "N", Filiz: "S", Burcu: "N", Gwyneth: "S",
};

/** Voices with the Newscaster and Conversational speaking styles (neural engine). */
export const STYLE_VOICES: Record<string, readonly string[]> = {
  Newscaster: ["Joanna", "Matthew", "Lupe", "Amy"],
  Conversational: ["Joanna", "Matthew"],
};

export const TTS_STYLES = ["None", "Conversational", "Newscaster"] as const;

const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim().toLowerCase();
const BY_FOLDED = new Map(Object.keys(VOICES).map((v) => [fold(v), v]));

/** The Polly VoiceId for a name as a flow may write it ("joanna", "Léa"), or undefined when Polly has no such voice. */
export function pollyVoice(name: string): string | undefined {
  return BY_FOLDED.get(fold(name));
}

export function voiceEngines(voice: string): PollyEngine[] {
  return [...(VOICES[voice] ?? "")].map((c) => ENGINE_CODES[c]);
}

/** An engine as flows write it ("Neural", "Generative", "LongForm"...), or undefined when it is not one. */
export function pollyEngine(name: string): PollyEngine | undefined {
  const key = name.trim().toLowerCase().replace(/[\s_-]/g, "");
  return key === "longform" ? "long-form" : (["standard", "neural", "generative"] as const).find((e) => e === key);
}
