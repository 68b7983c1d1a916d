Feature: Cisco's Salesforce HTTP connector template, run unchanged
  Cisco publishes a Flow Designer template that looks the caller up in Salesforce, queues
  the call with music, pops the account when an agent answers and posts a comment on the
  case when the call ends. Its real export is read from the shared corpus where it lies
  (these scenarios are skipped when the corpus is not there) and runs against the same
  Salesforce org as our own flow.

  Background:
    Given the Webex entry point "Salesforce template" runs the corpus flow "CiscoDevNet__webex-contact-center-crm-integrations__Salesforce__salesforce-ivr-http-connector__Salesforce_HTTP_Connector_Flow.json"
    And the Salesforce org has the account:
      | Name  | Acme Corp  |
      | Phone | 4155551212 |
    And the contact:
      | First name | John       |
      | Last name  | Smith      |
      | Phone      | 4155551212 |
      | Account    | Acme Corp  |
    And the open case:
      | Case number | 00001026      |
      | Subject     | Broken widget |
      | Contact     | John Smith    |

  Scenario: A known caller waits with music, the account pops and a comment is posted on the case
    When a caller from "+14155551212" calls the Webex entry point "Salesforce template"
    Then the call is queued to "147a5615-baf0-4325-8a26-d8c96c2ee7b3"
    And the Webex caller hears "defaultmusic_on_hold.wav"
    When agent "Ana" answers
    Then the agent desktop pops "https://d2v000000qy4veag-dev-ed.lightning.force.com/lightning/r/Account/{Acme Corp}/view?channel=OPEN_CTI"
    When the Webex call ends
    Then the case "00001026" has a comment starting with "This was an update by the WebexCC Demo via Flow Designer at "
    And the flow did not take the error path

  Scenario: An unknown caller is queued all the same; the template's comment goes nowhere
    When a caller from "+13105550000" calls the Webex entry point "Salesforce template"
    Then the call is queued to "147a5615-baf0-4325-8a26-d8c96c2ee7b3"
    When agent "Ana" answers
    Then the agent desktop pops "https://d2v000000qy4veag-dev-ed.lightning.force.com/lightning/r/Account/542456643/view?channel=OPEN_CTI"
    When the Webex call ends
    Then no comment was posted
    And the flow did not take the error path

  Scenario: When Salesforce is down the template has no error handling and the call is dropped
    Given Salesforce is down
    When a caller from "+14155551212" calls the Webex entry point "Salesforce template"
    Then the flow took the error path at "AccountByANI"
    And the call was dropped
