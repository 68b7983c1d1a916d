Feature: Salesforce caller lookup on the Webex phone line
  When someone calls the "Salesforce lookup" entry point, the flow looks their number up
  in Salesforce. Known callers are greeted by name and told about their open case; every
  caller is queued to Customer Care with music on hold. When an agent answers, the desktop
  opens the caller's account (or a new contact form for a caller Salesforce does not know),
  and when the call ends it is logged on the caller's open case. If Salesforce cannot be
  used, the caller is told so and still reaches an agent.

  Background:
    Given the Webex entry point "Salesforce lookup" runs the flow "features/webex-salesforce/flows/Salesforce_ANI_Lookup.json"
    And the Salesforce org has the account:
      | Name  | Acme Corp  |
      | Phone | 4155551212 |
    And the contact:
      | First name | John       |
      | Last name  | Smith      |
      | Phone      | 4155551212 |
      | Account    | Acme Corp  |

  @critical
  Scenario: A known caller with an open case is greeted, the account pops and the call is logged on the case
    Given the open case:
      | Case number | 00001026      |
      | Subject     | Broken widget |
      | Contact     | John Smith    |
    When a caller from "+14155551212" calls the Webex entry point "Salesforce lookup"
    Then the Webex caller hears "Welcome back, John Smith. We can see your open case 00001026, Broken widget."
    And the call is queued to "Customer Care"
    And the Webex caller hears "defaultmusic_on_hold.wav"
    When agent "Ana" answers
    Then the agent desktop pops "https://acme-support.lightning.force.com/lightning/r/Account/{Acme Corp}/view?channel=OPEN_CTI"
    And the agent desktop shows:
      | Name in Salesforce | John Smith    |
      | Account name       | Acme Corp     |
      | Open case          | 00001026      |
      | Case subject       | Broken widget |
    When the agent writes "Replaced the widget under warranty" in the "Call notes" field
    And the Webex call ends
    Then the case "00001026" has the comment "Call from +14155551212 answered by Ana. Notes: Replaced the widget under warranty"
    And the flow did not take the error path

  Scenario: A known caller whose cases are all closed is greeted by name and nothing is logged
    Given the closed case:
      | Case number | 00000987             |
      | Subject     | Old invoice question |
      | Contact     | John Smith           |
    When a caller from "+14155551212" calls the Webex entry point "Salesforce lookup"
    Then the Webex caller hears "Welcome back, John Smith. Please hold while we connect you to an agent."
    And the Webex caller does not hear "open case"
    And the call is queued to "Customer Care"
    When agent "Ana" answers
    Then the agent desktop pops "https://acme-support.lightning.force.com/lightning/r/Account/{Acme Corp}/view?channel=OPEN_CTI"
    When the Webex call ends
    Then no comment was posted

  Scenario: A caller Salesforce does not know gets the standard greeting and the agent a new contact form
    When a caller from "+13105550000" calls the Webex entry point "Salesforce lookup"
    Then the Webex caller hears "Thank you for calling Acme support."
    And the Webex caller does not hear "Welcome back"
    And the call is queued to "Customer Care"
    When agent "Ana" answers
    Then the agent desktop pops "https://acme-support.lightning.force.com/lightning/o/Contact/new?defaultFieldValues=Phone%3D3105550000"
    When the Webex call ends
    Then no comment was posted
    And the flow did not take the error path

  Scenario Outline: When the flow cannot use Salesforce (<problem>), the caller is told and still reaches an agent
    Given <problem>
    When a caller from "+14155551212" calls the Webex entry point "Salesforce lookup"
    Then the flow took the error path at "AccountByANI"
    And the Webex caller hears "We are sorry, we cannot look up your account right now."
    And the call is queued to "Customer Care"
    When agent "Ana" answers
    Then the agent desktop pops "https://acme-support.lightning.force.com/lightning/o/Contact/new?defaultFieldValues=Phone%3D4155551212"
    When the Webex call ends
    Then no comment was posted

    Examples:
      | problem                                                     |
      | Salesforce is down                                          |
      | the Salesforce integration user's password has been changed |

  Scenario: While Salesforce is down for maintenance, callers are greeted as new callers
    Given Salesforce is down for maintenance
    When a caller from "+14155551212" calls the Webex entry point "Salesforce lookup"
    Then the Webex caller hears "Thank you for calling Acme support."
    And the call is queued to "Customer Care"
    And the flow did not take the error path

  Scenario: An expired Salesforce session is renewed and the call is still logged on the case
    Given the open case:
      | Case number | 00001026      |
      | Subject     | Broken widget |
      | Contact     | John Smith    |
    When a caller from "+14155551212" calls the Webex entry point "Salesforce lookup"
    And agent "Ana" answers
    And the Salesforce session expires
    And the Webex call ends
    Then the case "00001026" has the comment "Call from +14155551212 answered by Ana. Notes: "
    And the connector signed in to Salesforce 2 times
    And the flow did not take the error path

  Scenario: When the expired session cannot be renewed, the call is not logged on the case
    Given the open case:
      | Case number | 00001026      |
      | Subject     | Broken widget |
      | Contact     | John Smith    |
    When a caller from "+14155551212" calls the Webex entry point "Salesforce lookup"
    And agent "Ana" answers
    And the Salesforce session expires
    And the Salesforce integration user's password is changed
    And the Webex call ends
    Then no comment was posted
    And the activity "PostComment" failed with "invalid_grant"
