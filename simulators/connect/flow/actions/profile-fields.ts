/**
 * The Customer Profiles fields a flow may name (reference §2.4): the standard profile
 * fields, the fields of the standard profile objects (Asset, Order, Case), and the path in
 * `$.Customer` where each response field lands.
 */
import { isObject } from "./util.js";

const ADDRESS_PARTS = ["Address1", "Address2", "Address3", "Address4", "City", "County", "Country", "PostalCode", "Province", "State"];

/** The standard profile fields a request may set and a response may persist. */
export const PROFILE_FIELDS: readonly string[] = [
  "FirstName",
  "MiddleName",
  "LastName",
  "PhoneNumber",
  "EmailAddress",
  "AccountNumber",
  "AdditionalInformation",
  "PartyType",
  "BusinessName",
  "BirthDate",
  "Gender",
  "MobilePhoneNumber",
  "HomePhoneNumber",
  "BusinessPhoneNumber",
  "BusinessEmailAddress",
  ...ADDRESS_PARTS,
  ...["Shipping", "Mailing", "Billing"].flatMap((prefix) => ADDRESS_PARTS.map((part) => prefix + part)),
];

const ORDER_ADDRESS = ["Name", ...ADDRESS_PARTS];
/** Fields of the standard profile objects, without their type prefix (`AssetPrice` → Asset.Price). */
export const OBJECT_FIELDS: Readonly<Record<"Asset" | "Order" | "Case", readonly string[]>> = {
  Asset: ["AssetId", "ProfileId", "AssetName", "SerialNumber", "ModelNumber", "ModelName", "ProductSKU", "PurchaseDate", "UsageEndDate", "Status", "Price", "Quantity", "Description", "AdditionalInformation", "DataSource"],
  Order: [
    "OrderId",
    "ProfileId",
    "CustomerEmail",
    "CustomerPhone",
    "CreatedDate",
    "UpdatedDate",
    "ProcessedDate",
    "ClosedDate",
    "CancelledDate",
    "CancelReason",
    "Name",
    "AdditionalInformation",
    "Gateway",
    "Status",
    "StatusCode",
    "StatusUrl",
    "CreditCardNumber",
    "CreditCardCompany",
    "FulfillmentStatus",
    "TotalPrice",
    "TotalTax",
    "TotalDiscounts",
    "TotalItemsPrice",
    "TotalShippingPrice",
    "TotalTipReceived",
    "Currency",
    "TotalWeight",
    ...ORDER_ADDRESS.map((part) => `Billing${part}`),
    ...ORDER_ADDRESS.map((part) => `Shipping${part}`),
  ],
  Case: ["CaseId", "ProfileId", "Title", "Summary", "Status", "Reason", "CreatedBy", "CreatedDate", "UpdatedDate", "ClosedDate", "AdditionalInformation", "DataSource"],
};
export const OBJECT_ID_FIELD = { Asset: "AssetId", Order: "OrderId", Case: "CaseId" } as const;
export type ObjectFamily = keyof typeof OBJECT_FIELDS;

export const customAttribute = /^Attributes\.[^.]+$/;
export const PROFILE_FIELDS_TEXT = "profile fields such as FirstName, PhoneNumber, MailingCity, or Attributes.<name>";
export const isProfileField = (key: string) => PROFILE_FIELDS.includes(key) || customAttribute.test(key);

// ---- where a response field lands -----------------------------------------------------------

/** `$.Customer` path of a profile response field: `City` → [City], `Attributes.x` → [Attributes, x]. */
export function profileFieldPath(field: string): string[] | undefined {
  if (PROFILE_FIELDS.includes(field)) return [field];
  if (customAttribute.test(field)) return ["Attributes", field.slice("Attributes.".length)];
  return undefined;
}

/** `$.Customer` path of a profile-object response field and the key it reads in the object. */
export function objectFieldPath(field: string): { family?: ObjectFamily; path: string[]; key: string[] } | undefined {
  const custom = /^ObjectAttributes\.(.+)$/.exec(field);
  if (custom) return { path: ["ObjectAttributes", custom[1]], key: [custom[1]] };
  for (const family of Object.keys(OBJECT_FIELDS) as ObjectFamily[]) {
    if (!field.startsWith(family)) continue;
    const rest = field.slice(family.length);
    if (OBJECT_FIELDS[family].includes(rest)) return { family, path: [family, rest], key: [rest] };
    const attr = /^Attributes\.([^.]+)$/.exec(rest);
    if (attr) return { family, path: [family, "Attributes", attr[1]], key: ["Attributes", attr[1]] };
  }
  return undefined;
}

export function calculatedFieldPath(field: string): string[] | undefined {
  const m = /^CalculatedAttributes\.([^.]+)$/.exec(field);
  return m ? ["CalculatedAttributes", m[1]] : undefined;
}

export function readPath(source: unknown, path: readonly string[]): unknown {
  let cur = source;
  for (const key of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export function writePath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = target;
  for (const key of path.slice(0, -1)) {
    if (!isObject(cur[key])) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
}
