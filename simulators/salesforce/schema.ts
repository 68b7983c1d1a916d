/**
 * The objects the mock org knows, with canonical field names (queries may use any
 * case; results use these), types, lengths and create/update rules. Only the standard
 * objects the Webex flows touch are here; pass more to the org to extend it.
 */

export type FieldType = "id" | "string" | "textarea" | "phone" | "email" | "url" | "picklist" | "boolean" | "reference" | "datetime" | "date" | "int" | "double" | "autonumber";

export interface FieldDef {
  name: string;
  type: FieldType;
  label?: string;
  length?: number;
  /** Must be given on insert. */
  required?: boolean;
  createable?: boolean;
  updateable?: boolean;
  /** False for write-only fields such as Case.Comments. */
  queryable?: boolean;
  referenceTo?: string;
  /** Name used to traverse the reference in SOQL (`Account.Name`). */
  relationshipName?: string;
  defaultValue?: unknown;
}

export interface ObjectDef {
  name: string;
  keyPrefix: string;
  fields: FieldDef[];
}

const SYSTEM: FieldDef[] = [
  { name: "Id", type: "id", createable: false, updateable: false },
  { name: "IsDeleted", type: "boolean", createable: false, updateable: false, defaultValue: false },
  { name: "CreatedDate", type: "datetime", createable: false, updateable: false },
  { name: "CreatedById", type: "reference", referenceTo: "User", relationshipName: "CreatedBy", createable: false, updateable: false },
  { name: "LastModifiedDate", type: "datetime", createable: false, updateable: false },
  { name: "LastModifiedById", type: "reference", referenceTo: "User", relationshipName: "LastModifiedBy", createable: false, updateable: false },
  { name: "SystemModstamp", type: "datetime", createable: false, updateable: false },
];

const owner: FieldDef = { name: "OwnerId", type: "reference", referenceTo: "User", relationshipName: "Owner" };

export const STANDARD_OBJECTS: ObjectDef[] = [
  {
    name: "User",
    keyPrefix: "005",
    fields: [...SYSTEM, { name: "Username", type: "string", length: 80, required: true }, { name: "FirstName", type: "string", length: 40 }, { name: "LastName", type: "string", length: 80, required: true }, { name: "Name", type: "string", length: 121, createable: false, updateable: false }, { name: "Email", type: "email", length: 128 }, { name: "IsActive", type: "boolean", defaultValue: true }],
  },
  {
    name: "Account",
    keyPrefix: "001",
    fields: [
      ...SYSTEM,
      { name: "Name", type: "string", length: 255, required: true },
      { name: "AccountNumber", type: "string", length: 40 },
      { name: "Phone", type: "phone", length: 40 },
      { name: "Type", type: "picklist", length: 255 },
      { name: "Industry", type: "picklist", length: 255 },
      { name: "BillingCity", type: "string", length: 40 },
      { name: "Website", type: "url", length: 255 },
      { name: "Description", type: "textarea", length: 32000 },
      owner,
    ],
  },
  {
    name: "Contact",
    keyPrefix: "003",
    fields: [
      ...SYSTEM,
      { name: "FirstName", type: "string", length: 40 },
      { name: "LastName", type: "string", length: 80, required: true },
      { name: "Name", type: "string", length: 121, createable: false, updateable: false },
      { name: "Title", type: "string", length: 128 },
      { name: "Phone", type: "phone", length: 40 },
      { name: "MobilePhone", type: "phone", length: 40 },
      { name: "HomePhone", type: "phone", length: 40 },
      { name: "Email", type: "email", length: 80 },
      { name: "AccountId", type: "reference", referenceTo: "Account", relationshipName: "Account" },
      { name: "Description", type: "textarea", length: 32000 },
      owner,
    ],
  },
  {
    name: "Case",
    keyPrefix: "500",
    fields: [
      ...SYSTEM,
      { name: "CaseNumber", type: "autonumber", length: 30, createable: false, updateable: false },
      { name: "ContactId", type: "reference", referenceTo: "Contact", relationshipName: "Contact" },
      { name: "AccountId", type: "reference", referenceTo: "Account", relationshipName: "Account" },
      { name: "Subject", type: "string", length: 255 },
      { name: "Description", type: "textarea", length: 32000 },
      { name: "Status", type: "picklist", length: 255, defaultValue: "New" },
      { name: "Priority", type: "picklist", length: 255, defaultValue: "Medium" },
      { name: "Origin", type: "picklist", length: 255 },
      { name: "Type", type: "picklist", length: 255 },
      { name: "Reason", type: "picklist", length: 255 },
      { name: "IsClosed", type: "boolean", createable: false, updateable: false, defaultValue: false },
      // "Internal Comments": writing it inserts a CaseComment (SF Case object reference); it is not read back.
      { name: "Comments", type: "textarea", length: 4000, queryable: false },
      owner,
    ],
  },
  {
    name: "CaseComment",
    keyPrefix: "00a",
    fields: [
      ...SYSTEM,
      { name: "ParentId", type: "reference", referenceTo: "Case", relationshipName: "Parent", required: true, updateable: false },
      { name: "CommentBody", type: "textarea", length: 4000 },
      { name: "IsPublished", type: "boolean", defaultValue: false },
    ],
  },
];
