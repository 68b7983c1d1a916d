/**
 * DescribeView (`GET /participant/views/{ViewToken}`): the AWS-managed views a Show view
 * block renders (reference §5.7). A ViewToken is a view ARN
 * (`arn:aws:connect:<region>:aws:view/<name>[:<version>]`) or a bare managed-view name
 * (`form`, `form:1`): the simulator's Show view names views that way, where the real
 * service hands the chat an encrypted token for the same view.
 *
 * The templates follow the published managed-view examples: components by name, with the
 * inputs each view reads (`$.Heading`, `$.Sections`...) described by InputSchema, and the
 * actions its buttons can return.
 */
import type { ApiContext } from "../context.js";
import { participantErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { connectionParticipant } from "./common.js";

interface ManagedView {
  name: string;
  displayName: string;
  version: number;
  inputSchema: Record<string, unknown>;
  template: Record<string, unknown>;
  actions: string[];
}

const str = { type: "string" };
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: "object", properties, ...(required.length ? { required } : {}) });
const list = (items: unknown) => ({ type: "array", items });
const buttonList = list(obj({ Label: str, Type: str, Action: str }));

const MANAGED_VIEWS: ManagedView[] = [
  {
    name: "detail",
    displayName: "Detail",
    version: 1,
    inputSchema: obj({ Heading: str, SubHeading: str, Description: str, Sections: list(obj({ TemplateString: str })), AttributeSection: obj({ Attributes: list(obj({ Label: str, Value: str })) }), Actions: list(str), Back: obj({ Label: str }), Cancel: obj({ Label: str }) }),
    template: { Head: { Title: "$.Heading", Description: "$.SubHeading" }, Body: [{ _id: "Sections", Type: "Container", Children: "$.Sections" }, { _id: "AttributeSection", Type: "AttributeBar", Attributes: "$.AttributeSection.Attributes" }, { _id: "Actions", Type: "ActionGroup", Actions: "$.Actions" }] },
    actions: ["ActionSelected", "Back", "Cancel"],
  },
  {
    name: "list",
    displayName: "List",
    version: 1,
    inputSchema: obj({ Heading: str, SubHeading: str, Items: list(obj({ Id: str, Heading: str, Description: str, Icon: str }, ["Id"])), Back: obj({ Label: str }), Cancel: obj({ Label: str }) }, ["Items"]),
    template: { Head: { Title: "$.Heading", Description: "$.SubHeading" }, Body: [{ _id: "Items", Type: "List", Items: "$.Items", Action: "ActionSelected" }] },
    actions: ["ActionSelected", "Back", "Cancel"],
  },
  {
    name: "form",
    displayName: "Form",
    version: 1,
    inputSchema: obj({ Heading: str, SubHeading: str, Sections: list(obj({ Heading: str, Items: list(obj({ Type: str, Name: str, Label: str, Required: { type: "boolean" }, DefaultValue: str })) })), Next: obj({ Label: str }), Previous: obj({ Label: str }), Cancel: obj({ Label: str }), Back: obj({ Label: str }), ErrorText: str }),
    template: { Head: { Title: "$.Heading", Description: "$.SubHeading" }, Body: [{ _id: "Form", Type: "Form", Sections: "$.Sections", Submit: "$.Next", Cancel: "$.Cancel" }] },
    actions: ["Submit", "Next", "Back", "Previous", "Step", "Cancel", "Edit"],
  },
  {
    name: "confirmation",
    displayName: "Confirmation",
    version: 1,
    inputSchema: obj({ Heading: str, SubHeading: str, Description: str, Next: obj({ Label: str }) }),
    template: { Head: { Title: "$.Heading", Description: "$.SubHeading" }, Body: [{ _id: "Confirmation", Type: "Confirmation", Description: "$.Description", Next: "$.Next" }] },
    actions: ["Next"],
  },
  {
    name: "cards",
    displayName: "Cards",
    version: 1,
    inputSchema: obj({ Heading: str, SubHeading: str, Cards: list(obj({ Summary: obj({ Id: str, Heading: str, Icon: str }), Detail: obj({ Heading: str, Description: str, Sections: list(obj({ TemplateString: str })), Actions: buttonList }) })), NoMatchFound: obj({ Label: str }) }, ["Cards"]),
    template: { Head: { Title: "$.Heading", Description: "$.SubHeading" }, Body: [{ _id: "Cards", Type: "Cards", Cards: "$.Cards", Action: "ActionSelected" }] },
    actions: ["ActionSelected", "Back", "Cancel"],
  },
  {
    name: "after-contact-work",
    displayName: "After contact work",
    version: 1,
    inputSchema: obj({ Heading: str, SubHeading: str, ContactId: str, Notes: obj({ Label: str, Placeholder: str }), Dispositions: list(obj({ Id: str, Label: str })) }),
    template: { Head: { Title: "$.Heading", Description: "$.SubHeading" }, Body: [{ _id: "AfterContactWork", Type: "Form", Sections: [{ Items: [{ Type: "Dropdown", Name: "Disposition", Options: "$.Dispositions" }, { Type: "TextArea", Name: "Notes", Label: "$.Notes.Label" }] }] }] },
    actions: ["Submit", "Cancel"],
  },
];

/** Resolves a ViewToken to a managed view and version; undefined when no such view exists. */
function resolve(token: string): { view: ManagedView; version: number } | undefined {
  const m = /^(?:arn:aws:connect:[a-z0-9-]+:aws:view\/)?([a-z]+(?:-[a-z]+)*)(?::(\$LATEST|\d+))?$/.exec(token);
  if (!m) return undefined;
  const view = MANAGED_VIEWS.find((v) => v.name === m[1]);
  if (!view) return undefined;
  const version = m[2] === undefined || m[2] === "$LATEST" ? view.version : Number(m[2]);
  return version === view.version ? { view, version } : undefined;
}

export function viewRoutes(api: ApiContext): Route[] {
  return [
    {
      method: "GET",
      pattern: "/participant/views/{ViewToken}",
      operation: "DescribeView",
      json: false,
      handler: (req) => {
        connectionParticipant(api, req);
        const token = req.labels.ViewToken;
        if (token.length < 1 || token.length > 1000) throw participantErrors.validation("1 validation error detected: Value at 'viewToken' failed to satisfy constraint: Member must have length between 1 and 1000");
        const found = resolve(token);
        // The ResourceType enum has no VIEW member; the SDK keeps unknown enum values as strings.
        if (!found) throw participantErrors.resourceNotFound(`View not found: ${token}`, "VIEW", token);
        const { view, version } = found;
        return {
          body: {
            View: {
              Id: view.name,
              Arn: `arn:aws:connect:${api.runtime.instance.region}:aws:view/${view.name}:${version}`,
              Name: view.displayName,
              Version: version,
              Content: { InputSchema: JSON.stringify(view.inputSchema), Template: JSON.stringify(view.template), Actions: view.actions },
            },
          },
        };
      },
    },
  ];
}
